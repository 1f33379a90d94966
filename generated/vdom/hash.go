package vdom

import "github.com/cespare/xxhash/v2"

// The hash machinery. hashNode, which mixes each kind's members, is
// generated (hash_gen.go).

// Hashing. A decoded node's hash is the xxhash of its JSON outside its
// children array, mixed with its children's hashes: one pass over the bytes,
// computed as each node closes. Identical subtrees hash equal wherever they
// are; subtrees equal in DOM terms but written differently (member order,
// whitespace) may not, which only costs a skipped shortcut, since a hash match
// is always confirmed (Same) and never trusted alone. Trees built or changed
// in memory are hashed from their members instead (hashNode, Rehash).
const (
	prime1 = 11400714785074694791
	prime2 = 14029467366897019727
)

// Mix folds x into the hash h: the engine's one way to combine 64-bit
// hashes (the decoder's subtree hashes, the reconciler's tree cache, the
// predictor's value hashes).
func Mix(h, x uint64) uint64 {
	h ^= x * prime2
	h = h<<31 | h>>33
	return h * prime1
}

// hashStr is the xxhash of the bytes of s.
func (t *Tree) hashStr(s Str) uint64 {
	return xxhash.Sum64(t.Bytes(s))
}

// hashSpan is the hash of a decoded node from its JSON span. A node whose
// children are all leaves is hashed whole, in one call; its leaves, and other
// leaves, keep Hash 0 ("none"): Same compares such nodes by their bytes, which
// costs no more than hashing them would.
func (t *Tree) hashSpan(nd *Node, kidsOpen, kidsClose uint32) uint64 {
	kids := t.Kids[nd.Kids : nd.Kids+nd.NKids]
	if len(kids) == 0 {
		return 0
	}
	whole := true
	for _, k := range kids {
		if t.Nodes[k].NKids != 0 {
			whole = false
			break
		}
	}
	if whole {
		return xxhash.Sum64(t.Src[nd.Start:nd.End]) | 1
	}
	h := xxhash.Sum64(t.Src[nd.Start:kidsOpen])
	if nd.End-kidsClose > 2 {
		// more than "]}": members after the children
		h = Mix(h, xxhash.Sum64(t.Src[kidsClose:nd.End]))
	}
	h = Mix(h, uint64(len(kids)))
	for _, k := range kids {
		kh := t.Nodes[k].Hash
		if kh == 0 {
			kn := &t.Nodes[k]
			kh = xxhash.Sum64(t.Src[kn.Start:kn.End])
		}
		h = Mix(h, kh)
	}
	return h | 1
}

// Rehash recomputes every node's hash reachable from the root, children
// first, and forgets JSON spans (which no longer describe changed nodes).
func (t *Tree) Rehash() {
	if t.Root < 0 {
		return
	}
	// post-order without recursion: a stack of (node, next child)
	type item struct {
		n, next int32
	}
	stack := make([]item, 0, 64)
	stack = append(stack, item{t.Root, 0})
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		nd := &t.Nodes[top.n]
		if top.next < int32(nd.NKids) {
			k := t.Kids[nd.Kids+uint32(top.next)]
			top.next++
			stack = append(stack, item{k, 0})
			continue
		}
		nd.Start, nd.End = 0, 0
		nd.Hash = t.hashNode(top.n)
		stack = stack[:len(stack)-1]
	}
}
