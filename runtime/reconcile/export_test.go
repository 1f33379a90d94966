package reconcile

// KeyFinds returns how many keys r looked up by their bytes since the last
// call.
func KeyFinds(r *Reconciler) int {
	n := r.keys.finds
	r.keys.finds = 0
	return n
}

// KeyTableNodeAfterGrowth records a node's slot in a key table sized for
// one key, resets it for n keys (growing it), and returns what the table
// then says of the node: -1 unless a stale stamp is taken for current.
func KeyTableNodeAfterGrowth(n int) int32 {
	var k keyTable
	k.reset(1)
	k.nodes(4)
	k.setNode(3, 0)
	k.reset(n)
	return k.ofNode(3)
}
