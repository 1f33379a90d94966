module github.com/minimact/engine

go 1.26

require github.com/cespare/xxhash/v2 v2.3.0

require github.com/leanovate/gopter v0.2.11 // indirect
