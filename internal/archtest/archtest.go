// Package archtest holds the engine's import rules (docs/architecture.md) and
// the test that enforces them; it has no code of its own.
package archtest
