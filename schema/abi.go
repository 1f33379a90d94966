package schema

// This file describes the C ABI of libminimact: every export, its C types,
// who owns each pointer, and what it does. The generator reads it (gen/model)
// and writes generated/c/minimact.h and docs/abi.md (gen/emit_abi.go) and
// the generated part of the C# binding generated/csharp/Minimact.cs
// (gen/emit_csharp.go); ffi/ implements it, and its cgo build fails when a Go
// export's C signature differs from the header's.
//
// The ABI's own types are declared first. Their directives give the C
// spelling (//abi:c) and the spelling in the C# NativeMethods class
// (//abi:cs); the second paragraph of a pointer type's doc comment says who
// owns the memory and how it is freed, and is repeated in the documentation
// of every parameter or result of that type.
//
// The exports are the methods of two interfaces: Original, the exports
// existing hosts call (shared/ABI.md, first table: keep their names, C types
// and JSON exactly), and Extensions, ours. A method's name in snake case,
// prefixed with minimact_, is the C name; so are its parameter names.
// Directives on a method:
//
//	//abi:nullable p   parameter p may be NULL (what NULL means is in the doc)
//	//abi:release      the export destroys the handle it is given (C#: the
//	                   SafeHandle's ReleaseHandle calls it with the raw value)
//
// Conventions every export keeps (repeated in minimact.h and docs/abi.md):
// no panic, fault or abort crosses the boundary (an internal failure is code
// Unknown, 999, with a message); every export may be called from any number
// of threads at once; inputs are only read during the call.

// Handle names a predictor (C: MinimactHandle, a uintptr_t).
//
// A predictor handle, owned by the caller until it is passed to
// minimact_predictor_destroy. 0 is never valid and handles are never reused,
// so an unknown or destroyed handle gets InvalidHandle, never another
// predictor.
//
//abi:c MinimactHandle
//abi:cs PredictorHandle
type Handle uintptr

// TreeHandle names a retained tree (C: MinimactHandle, a uintptr_t).
//
// A retained tree's handle, owned by the caller until it is passed to
// minimact_tree_destroy. 0 is never valid and handles are never reused (nor
// shared with predictors), so an unknown or destroyed handle gets
// InvalidHandle, never another tree.
//
//abi:c MinimactHandle
//abi:cs TreeHandle
type TreeHandle uintptr

// TreeToFree is a retained tree's handle given to minimact_tree_destroy
// (C: MinimactHandle; in C# the raw value, which the SafeHandle's
// ReleaseHandle passes).
//
// A retained tree's handle, which this call destroys: afterwards every call
// on it gets InvalidHandle.
//
//abi:c MinimactHandle
//abi:cs IntPtr
type TreeToFree uintptr

// PredictorToFree is a predictor's handle given to minimact_predictor_free
// (C: MinimactHandle; in C# the raw value, as Minimact's bridge holds it).
//
// A predictor's handle, which this call destroys: afterwards every call on
// it gets InvalidHandle.
//
//abi:c MinimactHandle
//abi:cs IntPtr
type PredictorToFree uintptr

// Result is what an export that returns nothing else reports, by value.
//
// A MinimactResult: code 0 and a NULL message on success; otherwise an error
// code and a message the caller owns and frees with minimact_free_error.
//
//abi:c MinimactResult
//abi:cs MinimactResult
type Result struct {
	// Code is 0 on success, else an error code.
	Code Code
	// Message is NULL on success, else a NUL-terminated UTF-8 message the
	// caller frees with minimact_free_error.
	Message *byte
}

// Str is a string argument (C: const char *).
//
// NUL-terminated UTF-8 owned by the caller; the library reads it in place
// during the call and keeps no pointer into it. NULL is refused with
// NullPointer unless the export says otherwise.
//
//abi:c const char *
//abi:cs byte[]
type Str *byte

// String is a string result (C: char *).
//
// NUL-terminated UTF-8 allocated by the library and owned by the caller, who
// frees it with minimact_free_string. NULL only when the library could not
// allocate it.
//
//abi:c char *
//abi:cs IntPtr
type String *byte

// Bytes is a byte-buffer argument (C: const uint8_t *).
//
// Owned by the caller, of the length given by the next parameter; the library
// reads it in place during the call and keeps no pointer into it.
//
//abi:c const uint8_t *
//abi:cs byte[]
type Bytes *byte

// FreedStr is a string handed back to the library to be freed (C: char *).
//
// A string the library allocated, which this call frees: afterwards the
// caller must not use it. NULL is a no-op.
//
//abi:c char *
//abi:cs IntPtr
type FreedStr *byte

// FreedBytes is a byte buffer handed back to be freed (C: uint8_t *).
//
// A buffer the library allocated, which this call frees: afterwards the caller
// must not use it. NULL is a no-op.
//
//abi:c uint8_t *
//abi:cs IntPtr
type FreedBytes *byte

// OutHandle is where a new handle is stored (C: MinimactHandle *).
//
// Owned by the caller. The library stores the new predictor's handle there,
// or 0 on failure; the caller owns the predictor and destroys it with
// minimact_predictor_destroy.
//
//abi:c MinimactHandle *
//abi:cs out IntPtr
type OutHandle *Handle

// OutTree is where a new tree's handle is stored (C: MinimactHandle *).
//
// Owned by the caller. The library stores the new tree's handle there, or 0
// on failure; the caller owns the tree and destroys it with
// minimact_tree_destroy.
//
//abi:c MinimactHandle *
//abi:cs out IntPtr
type OutTree *TreeHandle

// OutBytes is where a new byte buffer is stored (C: uint8_t **).
//
// Owned by the caller. The library stores there a buffer it allocated, or
// NULL on failure; the caller owns the buffer and frees it with
// minimact_free_bytes.
//
//abi:c uint8_t **
//abi:cs out IntPtr
type OutBytes **byte

// OutLen is where a length is stored (C: uintptr_t *).
//
// Owned by the caller. The library stores a length in bytes there (0 on
// failure).
//
//abi:c uintptr_t *
//abi:cs out UIntPtr
type OutLen *uintptr

// OutFlag is where a yes or no is stored (C: int32_t *).
//
// Owned by the caller. The library stores 1 (yes) or 0 (no, or failure)
// there.
//
//abi:c int32_t *
//abi:cs out int
type OutFlag *int32

// Size is a count or a length (C: uintptr_t).
//
//abi:c uintptr_t
//abi:cs UIntPtr
type Size uintptr

// SizeT is a length in bytes (C: size_t).
//
//abi:c size_t
//abi:cs UIntPtr
type SizeT uintptr

// Len is a length in bytes (C: size_t).
//
//abi:c size_t
//abi:cs UIntPtr
type Len uintptr

// Float is a single-precision number (C: float).
//
//abi:c float
//abi:cs float
type Float float32

// Uint32 is an unsigned 32-bit integer (C: uint32_t).
//
//abi:c uint32_t
//abi:cs uint
type Uint32 uint32

// LogCallback is a function of the host that receives log events as they
// happen (C: MinimactLogCallback, void (*)(const MinimactLogEvent *event,
// void *user)).
//
// A function of the caller, called by the library on a thread of its own, one
// event at a time, until minimact_log_set_callback replaces it; the event and
// its strings are valid only during the call. It must not call the library.
//
//abi:c MinimactLogCallback
//abi:cs LogCallbackNative
type LogCallback uintptr

// UserData is a pointer of the host's that the library hands back to a
// callback (C: void *).
//
// Owned by the caller; the library never reads it, and passes it as it is
// to the callback.
//
//abi:c void *
//abi:cs IntPtr
type UserData uintptr

// Original lists the exports existing C# hosts call, in the order of the
// first table of shared/ABI.md. Their names, C types and JSON shapes are
// kept exactly.
type Original interface {
	// PredictorNew creates a predictor with the default config and returns
	// its handle. It returns 0 only when the process already holds 65,536
	// live predictors or on an internal failure; minimact_predictor_create
	// reports why.
	PredictorNew() Handle

	// PredictorNewWithConfig creates a predictor with the default config but
	// for the minimum confidence of a prediction (0 to 1) and the most
	// patterns kept per state key (0 means the default). It returns 0 for a
	// minimum confidence outside 0 to 1 (or NaN), and as minimact_predictor_new
	// does.
	PredictorNewWithConfig(minConfidence Float, maxPatternsPerKey Size) Handle

	// PredictorDestroy destroys a predictor. Calls on the handle already
	// running finish first; later calls get InvalidHandle. An unknown or
	// already destroyed handle gets InvalidHandle.
	//
	//abi:release
	PredictorDestroy(handle Handle) Result

	// Reconcile diffs two VNode trees (JSON) and returns the patch list that
	// turns the old into the new (shared/PATCHES.md) as a JSON array. On
	// failure it returns a JSON object {"error":"<message>","code":<code>}
	// instead (hosts test reply.Contains("error")). Both trees are validated
	// with the default limits while they are parsed.
	Reconcile(oldJSON Str, newJSON Str) String

	// PredictorLearn records that stateChange (a StateChange object) turned
	// oldTree into newTree, so that later predictions can use it.
	PredictorLearn(handle Handle, stateChange Str, oldTree Str, newTree Str) Result

	// PredictorPredict predicts the patches stateChange will cause on
	// currentTree. With a prediction it returns
	// {"ok":true,"data":{"state_change":{...},"predicted_patches":[...],"confidence":0.93,"predicted_tree":{...}|null}};
	// with none it returns {"ok":false,"error":"<why>","code":0}; on failure
	// {"ok":false,"error":"<message>","code":<code>}.
	PredictorPredict(handle Handle, stateChange Str, currentTree Str) String

	// PredictorStats returns the predictor's statistics as a JSON object with
	// at least unique_state_keys, total_patterns, total_observations,
	// estimated_memory_bytes, total_predictions, correct_predictions,
	// incorrect_predictions, hit_rate, avg_confidence, active_patterns and
	// prediction_hits. On failure it returns {"error":"<message>","code":<code>}.
	PredictorStats(handle Handle) String

	// PredictorSave returns a JSON snapshot of the predictor, which
	// minimact_predictor_load restores. On failure it returns
	// {"error":"<message>","code":<code>}.
	PredictorSave(handle Handle) String

	// PredictorLoad creates a predictor from a snapshot made by
	// minimact_predictor_save and returns its handle, or 0 when the snapshot
	// is bad (minimact_predictor_try_load reports why).
	PredictorLoad(snapshotJSON Str) Handle

	// FreeString frees a string returned by the library.
	FreeString(s FreedStr)

	// FreeError frees the message of a MinimactResult.
	FreeError(message FreedStr)

	// LoggingEnable turns logging into the library's event ring on.
	LoggingEnable()

	// LoggingDisable turns logging off. Recovered internal failures are
	// still recorded.
	LoggingDisable()

	// LoggingSetLevel sets the least level logged: 0 trace, 1 debug, 2 info
	// (the default), 3 warn, 4 error. Other values are ignored, and the
	// refusal is logged at warn level (minimact_set_log_level reports it).
	LoggingSetLevel(level Uint32)

	// LoggingGetLogs returns the events held, oldest first, as a JSON array
	// of {"seq","timestamp_ms","elapsed_ms","level","module","message"}
	// (level is "Trace", "Debug", "Info", "Warn" or "Error"). The events stay.
	LoggingGetLogs() String

	// LoggingClear drops every event held.
	LoggingClear()

	// MetricsGet returns the process-wide metrics as a JSON object with at
	// least uptime_secs, reconcile_calls, reconcile_errors,
	// total_patches_generated, avg_reconcile_time_us, p95_reconcile_time_us,
	// predictor_learns, predictor_learn_errors, predictor_predictions,
	// predictor_prediction_hits, predictor_prediction_misses,
	// prediction_hit_rate, avg_prediction_time_us, p95_prediction_time_us,
	// current_predictors, max_predictors (the most live at once),
	// evictions_performed, validation_failures, patches_validated and
	// patch_validation_failures.
	MetricsGet() String

	// MetricsReset zeroes the process-wide counters and timings.
	MetricsReset()
}

// Extensions lists the exports beyond the first engine's: configurable
// validation, patch verification and application, batch learning, metrics
// (also as a Prometheus exposition), memory statistics, binary persistence,
// log events (also through a callback), a version query and a
// config-as-JSON constructor.
type Extensions interface {
	// Version returns the library's version, such as "1.0.0".
	Version() String

	// AbiVersion returns the ABI's version number, raised whenever an export
	// changes incompatibly. This header is for ABI version 1.
	AbiVersion() Uint32

	// ReconcileWithValidation is minimact_reconcile with the deepest nesting
	// and the most nodes accepted given (0 means the default, 100 and
	// 10000); the other limits keep their defaults.
	ReconcileWithValidation(oldJSON Str, newJSON Str, maxDepth Size, maxNodes Size) String

	// ReconcileSafe is minimact_reconcile with the largest JSON document
	// accepted given in bytes (0 means the default, 1 MiB).
	ReconcileSafe(oldJSON Str, newJSON Str, maxJSONSize Size) String

	// ReconcileWithLimits is minimact_reconcile with every limit given as a
	// JSON object with any of the members max_tree_depth, max_node_count,
	// max_children_per_node, max_prop_key_length, max_prop_value_length,
	// max_text_length, max_json_bytes and max_props_per_node (absent or 0:
	// the default). NULL means every default.
	//
	//abi:nullable limitsJSON
	ReconcileWithLimits(oldJSON Str, newJSON Str, limitsJSON Str) String

	// VerifyPatch checks, without applying anything, that a patch (one patch
	// object) or a patch list (an array, checked in order as each applies)
	// can be applied to the tree. On failure the code says why:
	// InvalidPath, PatchTypeMismatch, KeyNotFound, or an input error.
	VerifyPatch(treeJSON Str, patchJSON Str) Result

	// ApplyPatches applies a patch list to a tree as the browser client does
	// and returns the resulting tree as canonical JSON. On failure it returns
	// {"error":"<message>","code":<code>}.
	ApplyPatches(treeJSON Str, patchesJSON Str) String

	// PredictorCreate creates a predictor from a config given as a JSON
	// object with any of the members min_confidence, max_patterns_per_key,
	// max_total_patterns, max_memory_bytes, eviction ("lru",
	// "least_observed", "oldest_first" or "lowest_confidence"), lending
	// ("shared", "page" or "off": whether a model answers for other
	// instances of its component) and limits (as
	// for minimact_reconcile_with_limits); absent members take the defaults,
	// and NULL means every default. The handle is stored in *out.
	//
	//abi:nullable configJSON
	PredictorCreate(configJSON Str, out OutHandle) Result

	// PredictorTryLoad is minimact_predictor_load reporting why a snapshot
	// is refused. The handle is stored in *out.
	PredictorTryLoad(snapshotJSON Str, out OutHandle) Result

	// PredictorConfig returns the predictor's config as JSON, in the form
	// minimact_predictor_create takes. On failure it returns
	// {"error":"<message>","code":<code>}.
	PredictorConfig(handle Handle) String

	// PredictorLearnBatch learns every entry of a JSON array of
	// {"state_change":{...},"old_tree":{...},"new_tree":{...}}, in order. On
	// failure the message says how many entries were learned first.
	PredictorLearnBatch(handle Handle, batchJSON Str) Result

	// PredictorVerifyPrediction compares the patches the predictor would
	// predict for stateChange with what actually happened (the tree the
	// state change produced), counts the outcome in the predictor's
	// accuracy metrics, and stores 1 in *correct when they agree, else 0.
	PredictorVerifyPrediction(handle Handle, stateChange Str, actualNewTree Str, correct OutFlag) Result

	// PredictorMetrics returns the predictor's detailed metrics (predictions
	// made and returned, confidence, learning, timings, memory, accuracy) as
	// a JSON object. On failure it returns {"error":"<message>","code":<code>}.
	PredictorMetrics(handle Handle) String

	// PredictorResetMetrics zeroes the predictor's metrics; what it has
	// learned stays.
	PredictorResetMetrics(handle Handle) Result

	// PredictorMemoryStats returns the predictor's memory use as a JSON
	// object (total_bytes, pattern_count, key_count, limit_bytes,
	// utilization_percent, state_renders, state_render_bytes). On failure it returns
	// {"error":"<message>","code":<code>}.
	PredictorMemoryStats(handle Handle) String

	// PredictorClear forgets every learned pattern.
	PredictorClear(handle Handle) Result

	// PredictorSerialize writes the predictor's patterns in the library's
	// binary format into a buffer it allocates, stored in *bytes with its
	// length in *length. The format carries a checksum and a version.
	PredictorSerialize(handle Handle, bytes OutBytes, length OutLen) Result

	// PredictorDeserialize creates a predictor from a buffer made by
	// minimact_predictor_serialize, with a config as for
	// minimact_predictor_create (NULL: the defaults). The handle is stored
	// in *out. A damaged buffer gets Persistence.
	//
	//abi:nullable configJSON
	PredictorDeserialize(bytes Bytes, length Size, configJSON Str, out OutHandle) Result

	// FreeBytes frees a byte buffer returned by the library.
	FreeBytes(bytes FreedBytes)

	// GlobalMetrics returns minimact_metrics_get's object with, in
	// addition, predictor_count and total_memory_bytes (the estimated
	// memory of every live predictor).
	GlobalMetrics() String

	// SetLogLevel sets the least level logged (numbered as for
	// minimact_logging_set_level) and turns logging on. A level above 4 is
	// refused and changes nothing.
	SetLogLevel(level Uint32) Result

	// GetLogEvents removes and returns at most maxEvents events, oldest
	// first, in the form of minimact_logging_get_logs.
	GetLogEvents(maxEvents Size) String

	// RenderHtml returns the HTML of a VNode tree (JSON, validated with the
	// default limits): the first page a browser parses into the DOM whose
	// child indices the patch paths of minimact_reconcile count (the HTML
	// view, docs/dom-view.md). Props are written as the attributes the
	// browser client gives them (className as class, event handlers as
	// data-on*), a keyed element carries data-key, RawHtml is a div around
	// its HTML. A tree HTML cannot say (a void element with children, a
	// script text holding </script, a name the parser reads otherwise)
	// gets UnrepresentableHtml. On failure it returns
	// {"error":"<message>","code":<code>}; the HTML never begins with "{"
	// (a text's leading brace is written &#123;), so a reply that does is
	// the error.
	RenderHtml(treeJSON Str) String

	// MetricsPrometheus returns the process-wide metrics in the Prometheus
	// text exposition format (version 0.0.4), for a host to serve on its
	// /metrics endpoint: names prefixed minimact_, in seconds and bytes,
	// counters ending in _total, the reconcile, learn and predict latencies
	// as histograms (docs/operations.md lists them).
	MetricsPrometheus() String

	// LogSetCallback registers callback to receive every log event the
	// library keeps (the events minimact_logging_get_logs returns; which are
	// kept follows minimact_set_log_level), with user passed back to it;
	// NULL unregisters. The callback runs on one thread of the library's own,
	// never on the caller's, one event at a time, in order; the event is
	// valid only during the call. Events wait for it in a bounded queue:
	// when it is too slow, the newest are dropped for it (the ring keeps
	// them) and counted in MinimactLogEvent.dropped and the metrics, so a
	// slow callback never blocks the engine. It must not call the library:
	// what a call from inside the callback logs is not delivered to it, and
	// this export called from inside the callback is refused. The export
	// returns once every event queued before it went to the previous
	// callback, which is then neither running nor called again (so it waits
	// for a callback in progress). A callback that crashes or throws takes
	// the process with it: catch everything in it.
	//
	//abi:nullable user
	LogSetCallback(callback LogCallback, user UserData) Result

	// PredictorMerge adds what another predictor learned to this one: a
	// snapshot of len bytes, as minimact_predictor_serialize writes it (or
	// a JSON snapshot of minimact_predictor_save). Observations and verified
	// records add up; keys this predictor does not know are taken as they
	// are; this predictor's config and bounds still hold (it evicts by its
	// policy). A bad snapshot gets Persistence (Serialization when it is
	// not JSON) and changes nothing. How a fleet of servers pools what they
	// learn: docs/fleet.md.
	PredictorMerge(handle Handle, snapshot Bytes, len SizeT) Result

	// PredictorFree destroys a predictor as minimact_predictor_destroy does,
	// reporting nothing (Minimact's host bridge disposes predictors with
	// it): an unknown or already destroyed handle is ignored.
	PredictorFree(handle PredictorToFree)

	// PredictorPredictHint predicts the patches of several state changes
	// applied together, in order, to currentTree: what a host sends to the
	// browser ahead of a click that will make them all. stateChangesJSON is a
	// JSON array of 1 to 32 state change objects; one without component_id
	// is of componentID, one of another component is refused. Each change is
	// predicted on the tree the ones before it predicted, and every step
	// must be a prediction of at least the minimum confidence; the hint's
	// confidence is their product. With a hint it returns
	// {"ok":true,"hint_id":"<hintId>","data":{"state_change":[...],"predicted_patches":[...],"confidence":0.81,"predicted_tree":{...}}}
	// (the patches turn currentTree into the last predicted tree); with none
	// {"ok":false,"hint_id":"<hintId>","error":"<why>","code":0}; on failure
	// {"ok":false,"error":"<message>","code":<code>}.
	PredictorPredictHint(handle Handle, hintID Str, componentID Str, stateChangesJSON Str, currentTree Str) String

	// TreeNew creates an empty retained tree with the default limits and
	// stores its handle in *out. A retained tree is one component
	// instance's page state: the engine keeps the tree the browser shows, so
	// that the host sends each new tree once and never the old one. Calls on
	// one tree are serialized; calls on different trees run in parallel.
	TreeNew(out OutTree) Result

	// TreeCreate is minimact_tree_new with the limits given as for
	// minimact_reconcile_with_limits (NULL: the defaults).
	//
	//abi:nullable limitsJSON
	TreeCreate(limitsJSON Str, out OutTree) Result

	// TreeDestroy destroys a retained tree and frees its memory. Calls on
	// the tree already running finish first; later calls get InvalidHandle.
	TreeDestroy(tree TreeToFree) Result

	// TreeRender returns the patches from the retained tree to newJSON (a
	// VNode tree), as minimact_reconcile replies, and retains the new tree:
	// from an empty tree, one Create at []. Only what newJSON does not share
	// with the retained tree is decoded again. On error nothing changes.
	TreeRender(tree TreeHandle, newJSON Str) String

	// TreeRenderBinary is minimact_tree_render for a tree in the binary
	// encoding (docs/binary-tree.md; C#: TreeWriter) of len bytes at data.
	TreeRenderBinary(tree TreeHandle, data Bytes, len Len) String

	// TreeLearn records in the predictor that stateChange (a StateChange
	// object) turned the tree before the last render into the retained one,
	// as minimact_predictor_learn does, without either tree being sent
	// again. Before a second render there is nothing to learn from:
	// KeyNotFound.
	TreeLearn(tree TreeHandle, predictor Handle, stateChange Str) Result

	// TreePredict predicts the patches stateChange will cause on the
	// retained tree, replying as minimact_predictor_predict does.
	TreePredict(tree TreeHandle, predictor Handle, stateChange Str) String

	// TreeRenderHtml returns the HTML of the retained tree, as
	// minimact_render_html writes it (the first page of a component a host
	// renders on the server, whose DOM the paths of the tree's next renders
	// index: docs/dom-view.md), or {"error":"<message>","code":<code>}:
	// KeyNotFound before the first render, UnrepresentableHtml for a tree
	// HTML cannot say.
	TreeRenderHtml(tree TreeHandle) String
}

// Version is the library's version (minimact_version).
const Version = "1.0.0"

// ABIVersion is the ABI's version number (minimact_abi_version): raised
// whenever an export changes incompatibly.
const ABIVersion = 1
