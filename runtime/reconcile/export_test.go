package reconcile

// KeyFinds returns how many keys r looked up by their bytes since the last
// call.
func KeyFinds(r *Reconciler) int {
	n := r.keys.finds
	r.keys.finds = 0
	return n
}
