/*
 * load.c - the load test of libminimact: THREADS threads (default 8) for
 * SECONDS (default 30) over PREDICTORS predictors (default 100), mixing
 * reconcile, learn, predict, save, load, serialize/deserialize, destroy and
 * re-create (racing the other threads' calls on the same handles), apply and
 * verify, metrics, the Prometheus exposition, log draining, and bad input of
 * every kind (NULL, invalid UTF-8, malformed and hostile JSON, unknown
 * handles, damaged snapshots), with logging on and a log callback
 * registered. Every reply's code is checked against the codes that call may
 * give (for a call on a shared handle, also InvalidHandle: another thread may
 * have destroyed it); any other code is a failure. The resident set
 * (VmRSS of /proc/self/status) is sampled every 250 ms: after the warm-up
 * (the first quarter of the run, at least 1 s) it may exceed the warm-up's
 * peak by at most SLACK_MB (default 64; the Go heap's size swings with the
 * GC) and its last quarter may not exceed its first by more than half of that.
 *
 * minimact_predictor_merge is not in the mix yet: the export is being added
 * on another branch (the integrator adds it to the mix with it).
 *
 * Usage: load [seconds [threads [predictors]]]   (make load-test; make test-ops
 *        runs a short one). Prints the throughput of each operation.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "minimact.h"

#define MAX_THREADS 64
#define MAX_PREDICTORS 4096

static int seconds = 30, nthreads = 8, npredictors = 100;
static long slack_kb = 64 * 1024;
static _Atomic MinimactHandle slots[MAX_PREDICTORS];
static atomic_int stop;
static atomic_long unexpected;

/* ---- operations ---- */

enum op {
    OP_RECONCILE,
    OP_LEARN,
    OP_PREDICT,
    OP_SAVE,
    OP_LOAD,
    OP_SERIALIZE,
    OP_RECREATE,
    OP_APPLY,
    OP_BAD,
    OP_STATS,
    OP_METRICS,
    OP_PROMETHEUS,
    OP_LOGS,
    OP_MERGE,
    OP_COUNT
};
static const char *op_names[OP_COUNT] = {"reconcile", "learn", "predict", "save", "load", "serialize+deserialize",
                                         "destroy+re-create", "apply+verify", "bad input", "predictor stats",
                                         "metrics JSON", "metrics Prometheus", "log events", "serialize+merge"};
/* weights per 1000 */
static const int op_weights[OP_COUNT] = {300, 150, 250, 20, 15, 10, 15, 40, 160, 10, 10, 5, 5, 10};

struct stats {
    long count[OP_COUNT];
    double ns[OP_COUNT];
};

static void fail(const char *op, const char *what, int code, const char *reply) {
    if (atomic_fetch_add(&unexpected, 1) < 20)
        fprintf(stderr, "UNEXPECTED %s (%s): code %d: %.200s\n", op, what, code, reply ? reply : "(NULL)");
}

static int code_in(const char *json) {
    const char *c = json ? strstr(json, "\"code\":") : NULL;
    return c ? atoi(c + 7) : -1;
}

/* expect_json checks a JSON reply and frees it. A success (not an error
 * object) must start with ok_prefix (NULL: an error is wanted); an error
 * ({"error":...} or {"ok":false,...}) must have code want (0: none wanted)
 * or, on a shared handle, InvalidHandle. */
static void expect_json(char *reply, const char *ok_prefix, int want, int shared, const char *op, const char *what) {
    int ok = 0;
    if (reply) {
        int is_err = strncmp(reply, "{\"error\":", 9) == 0 || strncmp(reply, "{\"ok\":false", 11) == 0;
        if (!is_err) {
            ok = ok_prefix && strncmp(reply, ok_prefix, strlen(ok_prefix)) == 0;
        } else {
            int c = code_in(reply);
            ok = (want != 0 && c == want) || (shared && c == MINIMACT_INVALID_HANDLE);
        }
    }
    if (!ok) fail(op, what, code_in(reply), reply);
    minimact_free_string(reply);
}

static void expect_result(MinimactResult r, int want, int shared, const char *op, const char *what) {
    if (!(r.code == want || (shared && r.code == MINIMACT_INVALID_HANDLE)) || (r.code == 0) != (r.message == NULL))
        fail(op, what, r.code, r.message);
    minimact_free_error(r.message);
}

/* ---- inputs ---- */

#define NTREES 16
static char *counters[NTREES + 1], *changes[NTREES], *lists[NTREES + 1], *list_changes[NTREES];
static char *deep, *huge, *wide, *long_tag;

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
#include <stdarg.h>
static char *fmt(const char *f, ...) {
    va_list ap;
    va_start(ap, f);
    char *s = NULL;
    if (vasprintf(&s, f, ap) < 0) abort();
    va_end(ap);
    return s;
}

static char *repeat(const char *head, const char *mid, size_t n, const char *tail) {
    size_t hl = strlen(head), ml = strlen(mid), tl = strlen(tail);
    char *s = malloc(hl + ml * n + tl + 1), *p = s;
    memcpy(p, head, hl);
    p += hl;
    for (size_t i = 0; i < n; i++, p += ml) memcpy(p, mid, ml);
    memcpy(p, tail, tl + 1);
    return s;
}

static char *counter(int n) {
    return fmt("{\"type\":\"Element\",\"tag\":\"div\",\"props\":{\"class\":\"counter\"},\"children\":["
               "{\"type\":\"Element\",\"tag\":\"h1\",\"props\":{},\"children\":[{\"type\":\"Text\",\"content\":\"Counter\"}]},"
               "{\"type\":\"Element\",\"tag\":\"p\",\"props\":{\"class\":\"value\"},\"children\":[{\"type\":\"Text\",\"content\":\"Count: %d\"}]},"
               "{\"type\":\"Element\",\"tag\":\"button\",\"props\":{\"id\":\"inc\",\"disabled\":\"%s\"},\"children\":[{\"type\":\"Text\",\"content\":\"+\"}]},"
               "null]}",
               n, n % 2 ? "true" : "false");
}

static char *todo_list(int n) {
    size_t cap = 128 + (size_t)n * 160;
    char *s = malloc(cap);
    int len = snprintf(s, cap, "{\"type\":\"Element\",\"tag\":\"ul\",\"props\":{\"class\":\"todos\"},\"children\":[");
    for (int i = 0; i < n; i++)
        len += snprintf(s + len, cap - len,
                        "%s{\"type\":\"Element\",\"tag\":\"li\",\"props\":{},\"key\":\"t%d\",\"children\":[{\"type\":\"Text\",\"content\":\"item %d\"}]}",
                        i ? "," : "", i, i);
    snprintf(s + len, cap - len, "]}");
    return s;
}

static void make_inputs(void) {
    for (int i = 0; i <= NTREES; i++) {
        counters[i] = counter(i);
        lists[i] = todo_list(i);
    }
    for (int i = 0; i < NTREES; i++) {
        changes[i] = fmt("{\"component_id\":\"counter\",\"state_key\":\"count\",\"old_value\":%d,\"new_value\":%d}", i, i + 1);
        list_changes[i] = fmt("{\"component_id\":\"todos\",\"state_key\":\"items\",\"old_value\":%d,\"new_value\":%d}", i, i + 1);
    }
    deep = repeat("", "{\"type\":\"Element\",\"tag\":\"div\",\"children\":[", 150, "");
    huge = repeat("{\"type\":\"Text\",\"content\":\"", "xxxxxxxxxxxxxxxx", 1 << 17, "\"}");
    wide = repeat("{\"type\":\"Element\",\"tag\":\"ul\",\"children\":[null", ",null", 1500, "]}");
    long_tag = repeat("{\"type\":\"Element\",\"tag\":\"", "t", 300, "\"}");
}

static const char *CONFIG = "{\"max_total_patterns\":500,\"max_memory_bytes\":4194304}";

static MinimactHandle new_predictor(void) {
    MinimactHandle h = 0;
    MinimactResult r = minimact_predictor_create(CONFIG, &h);
    expect_result(r, 0, 0, "create", "config");
    return h;
}

/* ---- the log callback ---- */

static atomic_ulong cb_events, cb_bad;
static void log_callback(const MinimactLogEvent *e, void *user) {
    if (user != (void *)&cb_events || e->message[e->message_len] != 0 || e->level > MINIMACT_LOG_ERROR)
        atomic_fetch_add(&cb_bad, 1);
    atomic_fetch_add(&cb_events, 1);
}

/* ---- one thread ---- */

static unsigned next_rand(unsigned *s) {
    *s = *s * 1103515245u + 12345u;
    return (*s >> 8) & 0xffffff;
}

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

struct worker {
    int id;
    struct stats st;
    char *snapshot; /* the last save of this thread */
};

static void bad_input(unsigned *seed) {
    MinimactHandle h = atomic_load(&slots[next_rand(seed) % npredictors]);
    const char *c1 = counters[1];
    MinimactHandle out = 77;
    switch (next_rand(seed) % 24) {
    case 0: expect_json(minimact_reconcile(NULL, c1), NULL, MINIMACT_NULL_POINTER, 0, "bad", "reconcile NULL"); break;
    case 1: expect_json(minimact_reconcile(c1, "{\"type\":\"Text\",\"content\":\"\xff\xfe\"}"), NULL, MINIMACT_INVALID_UTF8, 0, "bad", "reconcile UTF-8"); break;
    case 2: expect_json(minimact_reconcile("{\"type\":\"Text\"", c1), NULL, MINIMACT_SERIALIZATION, 0, "bad", "reconcile truncated"); break;
    case 3: expect_json(minimact_reconcile("{\"type\":\"Blink\"}", c1), NULL, MINIMACT_INVALID_VNODE, 0, "bad", "reconcile unknown type"); break;
    case 4: expect_json(minimact_reconcile(deep, c1), NULL, MINIMACT_TREE_TOO_DEEP, 0, "bad", "reconcile deep"); break;
    case 5:
        if (next_rand(seed) % 8 == 0) /* 2 MiB: rarely */
            expect_json(minimact_reconcile(huge, c1), NULL, MINIMACT_JSON_TOO_LARGE, 0, "bad", "reconcile huge");
        break;
    case 6: expect_json(minimact_reconcile(wide, c1), NULL, MINIMACT_TOO_MANY_CHILDREN, 0, "bad", "reconcile wide"); break;
    case 7: expect_json(minimact_reconcile(long_tag, c1), NULL, MINIMACT_PROPERTY_TOO_LONG, 0, "bad", "reconcile long tag"); break;
    case 8: expect_result(minimact_predictor_learn(0, changes[0], c1, c1), MINIMACT_INVALID_HANDLE, 0, "bad", "learn handle 0"); break;
    case 9: expect_result(minimact_predictor_learn((MinimactHandle)1 << 50, changes[0], c1, c1), MINIMACT_INVALID_HANDLE, 0, "bad", "learn unknown handle"); break;
    case 10: expect_result(minimact_predictor_learn(h, NULL, c1, c1), MINIMACT_NULL_POINTER, 1, "bad", "learn NULL"); break;
    case 11: expect_result(minimact_predictor_learn(h, "{\"component_id\":\"\xc3\x28\"}", c1, c1), MINIMACT_INVALID_UTF8, 1, "bad", "learn UTF-8"); break;
    case 12: expect_result(minimact_predictor_learn(h, changes[0], "{\"type\":\"Blink\"}", c1), MINIMACT_INVALID_VNODE, 1, "bad", "learn bad tree"); break;
    case 13: {
        /* TreeTooDeep, or none (code 0) when the predictor learned nothing
         * for the key: it then answers without reading the tree */
        char *p = minimact_predictor_predict(h, changes[0], deep);
        int c = code_in(p);
        if (!p || strncmp(p, "{\"ok\":false", 11) != 0 || !(c == MINIMACT_TREE_TOO_DEEP || c == 0 || c == MINIMACT_INVALID_HANDLE))
            fail("bad", "predict deep", c, p);
        minimact_free_string(p);
        break;
    }
    case 14: expect_json(minimact_predictor_predict(h, NULL, c1), NULL, MINIMACT_NULL_POINTER, 1, "bad", "predict NULL"); break;
    case 15: expect_json(minimact_predictor_predict((MinimactHandle)1 << 50, changes[0], c1), NULL, MINIMACT_INVALID_HANDLE, 0, "bad", "predict unknown"); break;
    case 16: expect_result(minimact_predictor_destroy((MinimactHandle)1 << 50), MINIMACT_INVALID_HANDLE, 0, "bad", "destroy unknown"); break;
    case 17:
        if (minimact_predictor_load("{\"garbage\":true}") != 0) fail("bad", "load garbage", 0, "a handle");
        if (minimact_predictor_load("\xff") != 0) fail("bad", "load UTF-8", 0, "a handle");
        if (minimact_predictor_load(NULL) != 0) fail("bad", "load NULL", 0, "a handle");
        break;
    case 18: {
        MinimactResult r = minimact_predictor_try_load("[1,2,{", &out);
        if (r.code == 0 || out != 0) fail("bad", "try_load malformed", r.code, r.message);
        minimact_free_error(r.message);
        break;
    }
    case 19: {
        static const uint8_t junk[] = "MMPRjunkjunkjunkjunkjunk";
        expect_result(minimact_predictor_deserialize(junk, sizeof junk, NULL, &out), MINIMACT_PERSISTENCE, 0, "bad", "deserialize junk");
        break;
    }
    case 20: expect_json(minimact_apply_patches(c1, "[{\"type\":\"Remove\",\"path\":[9]}]"), NULL, MINIMACT_INVALID_PATH, 0, "bad", "apply bad path"); break;
    case 22: {
        static const uint8_t junk[] = "MMPR\x02 not a snapshot at all";
        expect_result(minimact_predictor_merge(h, junk, sizeof junk - 1), MINIMACT_PERSISTENCE, 1, "bad", "merge junk");
        break;
    }
    case 23: expect_result(minimact_predictor_merge(h, NULL, 5), MINIMACT_NULL_POINTER, 1, "bad", "merge NULL"); break;
    default: expect_json(minimact_reconcile_with_limits(c1, c1, "{\"max_tree_depth\":"), NULL, MINIMACT_SERIALIZATION, 0, "bad", "limits malformed"); break;
    }
}

static void run_op(struct worker *w, enum op op, unsigned *seed) {
    int slot = next_rand(seed) % npredictors, k = next_rand(seed) % NTREES;
    int list = next_rand(seed) % 4 == 0;
    char **trees = list ? lists : counters, **chs = list ? list_changes : changes;
    MinimactHandle h = atomic_load(&slots[slot]);
    switch (op) {
    case OP_RECONCILE:
        expect_json(minimact_reconcile(trees[k], trees[k + 1]), "[", 0, 0, "reconcile", "pair");
        break;
    case OP_LEARN:
        expect_result(minimact_predictor_learn(h, chs[k], trees[k], trees[k + 1]), 0, 1, "learn", "pair");
        break;
    case OP_PREDICT: {
        char *p = minimact_predictor_predict(h, chs[k], trees[k]);
        /* a prediction, none (code 0), or the handle is gone */
        if (!p || !(strncmp(p, "{\"ok\":true,", 11) == 0 || code_in(p) == 0 || code_in(p) == MINIMACT_INVALID_HANDLE))
            fail("predict", "pair", code_in(p), p);
        minimact_free_string(p);
        break;
    }
    case OP_SAVE: {
        char *s = minimact_predictor_save(h);
        if (s && s[0] == '{' && strncmp(s, "{\"error\"", 8) != 0) {
            free(w->snapshot);
            w->snapshot = strdup(s);
        } else if (code_in(s) != MINIMACT_INVALID_HANDLE) {
            fail("save", "slot", code_in(s), s);
        }
        minimact_free_string(s);
        break;
    }
    case OP_LOAD: {
        if (!w->snapshot) break;
        MinimactHandle n = minimact_predictor_load(w->snapshot);
        if (n == 0) {
            fail("load", "own snapshot", 0, "handle 0");
            break;
        }
        MinimactHandle old = atomic_exchange(&slots[slot], n);
        expect_result(minimact_predictor_destroy(old), 0, 0, "load", "destroy the replaced");
        break;
    }
    case OP_SERIALIZE: {
        uint8_t *bytes = NULL;
        uintptr_t len = 0;
        MinimactResult r = minimact_predictor_serialize(h, &bytes, &len);
        if (r.code == MINIMACT_INVALID_HANDLE) {
            minimact_free_error(r.message);
            break;
        }
        expect_result(r, 0, 0, "serialize", "slot");
        MinimactHandle n = 0;
        expect_result(minimact_predictor_deserialize(bytes, len, CONFIG, &n), 0, 0, "deserialize", "own bytes");
        minimact_free_bytes(bytes);
        if (n) {
            MinimactHandle old = atomic_exchange(&slots[slot], n);
            expect_result(minimact_predictor_destroy(old), 0, 0, "deserialize", "destroy the replaced");
        }
        break;
    }
    case OP_MERGE: {
        /* what another predictor learned, merged into this one */
        MinimactHandle other = atomic_load(&slots[next_rand(seed) % npredictors]);
        uint8_t *bytes = NULL;
        uintptr_t len = 0;
        MinimactResult r = minimact_predictor_serialize(other, &bytes, &len);
        if (r.code == MINIMACT_INVALID_HANDLE) {
            minimact_free_error(r.message);
            break;
        }
        expect_result(r, 0, 0, "merge", "serialize the other");
        expect_result(minimact_predictor_merge(h, bytes, len), 0, 1, "merge", "the other's bytes");
        minimact_free_bytes(bytes);
        break;
    }
    case OP_RECREATE: {
        MinimactHandle n = new_predictor();
        if (!n) break;
        MinimactHandle old = atomic_exchange(&slots[slot], n);
        expect_result(minimact_predictor_destroy(old), 0, 0, "destroy", "the replaced");
        /* the old handle is dead for everyone now */
        expect_result(minimact_predictor_learn(old, chs[k], trees[k], trees[k + 1]), MINIMACT_INVALID_HANDLE, 0, "destroy", "learn on it after");
        break;
    }
    case OP_APPLY: {
        char *p = minimact_reconcile(trees[k], trees[k + 1]);
        char *t = minimact_apply_patches(trees[k], p);
        if (!t || t[0] != '{' || strncmp(t, "{\"error\"", 8) == 0) fail("apply", "reconciled patches", code_in(t), t);
        expect_result(minimact_verify_patch(trees[k], p), 0, 0, "verify", "reconciled patches");
        minimact_free_string(t);
        minimact_free_string(p);
        break;
    }
    case OP_BAD:
        bad_input(seed);
        break;
    case OP_STATS:
        expect_json(minimact_predictor_stats(h), "{", 0, 1, "stats", "slot");
        break;
    case OP_METRICS:
        if (next_rand(seed) % 2)
            expect_json(minimact_metrics_get(), "{\"uptime_secs\":", 0, 0, "metrics", "get");
        else
            expect_json(minimact_global_metrics(), "{\"uptime_secs\":", 0, 0, "metrics", "global");
        break;
    case OP_PROMETHEUS:
        expect_json(minimact_metrics_prometheus(), "# HELP minimact_", 0, 0, "metrics", "prometheus");
        break;
    case OP_LOGS:
        expect_json(minimact_get_log_events(50), "[", 0, 0, "logs", "drain");
        break;
    default:
        break;
    }
}

static void *worker_main(void *arg) {
    struct worker *w = arg;
    unsigned seed = 0x9e3779b9u * (unsigned)(w->id + 1);
    int cum[OP_COUNT], total = 0;
    for (int i = 0; i < OP_COUNT; i++) cum[i] = (total += op_weights[i]);
    while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
        int r = next_rand(&seed) % total, op = 0;
        while (r >= cum[op]) op++;
        double t0 = now_ns();
        run_op(w, (enum op)op, &seed);
        w->st.ns[op] += now_ns() - t0;
        w->st.count[op]++;
    }
    free(w->snapshot);
    return NULL;
}

/* ---- resident memory ---- */

static long rss_kb(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0) kb = atol(line + 6);
    if (f) fclose(f);
    return kb;
}

int main(int argc, char **argv) {
    if (argc > 1) seconds = atoi(argv[1]);
    if (argc > 2) nthreads = atoi(argv[2]);
    if (argc > 3) npredictors = atoi(argv[3]);
    if (getenv("SLACK_MB")) slack_kb = atol(getenv("SLACK_MB")) * 1024;
    if (seconds < 1 || nthreads < 1 || nthreads > MAX_THREADS || npredictors < 1 || npredictors > MAX_PREDICTORS) {
        fprintf(stderr, "usage: %s [seconds [threads (1-%d) [predictors (1-%d)]]]\n", argv[0], MAX_THREADS, MAX_PREDICTORS);
        return 2;
    }
    make_inputs();
    minimact_metrics_reset();
    minimact_logging_enable();
    MinimactResult lr = minimact_set_log_level(MINIMACT_LOG_WARN); /* every bad input logs a warning */
    expect_result(lr, 0, 0, "setup", "log level");
    expect_result(minimact_log_set_callback(log_callback, (void *)&cb_events), 0, 0, "setup", "log callback");
    for (int i = 0; i < npredictors; i++) {
        slots[i] = new_predictor();
        for (int k = 0; k < 4; k++) expect_result(minimact_predictor_learn(slots[i], changes[k], counters[k], counters[k + 1]), 0, 0, "setup", "learn");
    }

    struct worker ws[MAX_THREADS];
    pthread_t ts[MAX_THREADS];
    memset(ws, 0, sizeof ws);
    double t0 = now_ns();
    for (int i = 0; i < nthreads; i++) {
        ws[i].id = i;
        pthread_create(&ts[i], NULL, worker_main, &ws[i]);
    }
    /* sample the resident set every 250 ms */
    int nsamples = seconds * 4, warm = nsamples / 4 < 4 ? 4 : nsamples / 4;
    if (warm >= nsamples) warm = nsamples - 1;
    long *rss = calloc(nsamples, sizeof *rss);
    for (int i = 0; i < nsamples; i++) {
        struct timespec q = {0, 250 * 1000 * 1000};
        nanosleep(&q, NULL);
        rss[i] = rss_kb();
    }
    atomic_store(&stop, 1);
    for (int i = 0; i < nthreads; i++) pthread_join(ts[i], NULL);
    double elapsed = (now_ns() - t0) / 1e9;
    expect_result(minimact_log_set_callback(NULL, NULL), 0, 0, "teardown", "log callback");

    /* throughput */
    struct stats all;
    memset(&all, 0, sizeof all);
    long total = 0;
    for (int i = 0; i < nthreads; i++)
        for (int o = 0; o < OP_COUNT; o++) {
            all.count[o] += ws[i].st.count[o];
            all.ns[o] += ws[i].st.ns[o];
        }
    printf("load: %d threads, %.1f s, %d predictors\n\n", nthreads, elapsed, npredictors);
    printf("| operation | calls | calls/s (all threads) | mean µs per call |\n|---|---:|---:|---:|\n");
    for (int o = 0; o < OP_COUNT; o++) {
        total += all.count[o];
        printf("| %s | %ld | %.0f | %.1f |\n", op_names[o], all.count[o], all.count[o] / elapsed,
               all.count[o] ? all.ns[o] / all.count[o] / 1e3 : 0.0);
    }
    printf("| **all** | %ld | %.0f | |\n\n", total, total / elapsed);

    /* resident memory: flat after the warm-up */
    long warm_peak = 0, after_peak = 0, first_q = 0, last_q = 0;
    int after = nsamples - warm, q = after / 4 ? after / 4 : 1;
    for (int i = 0; i < warm; i++) warm_peak = rss[i] > warm_peak ? rss[i] : warm_peak;
    for (int i = warm; i < nsamples; i++) after_peak = rss[i] > after_peak ? rss[i] : after_peak;
    for (int i = 0; i < q; i++) {
        first_q = rss[warm + i] > first_q ? rss[warm + i] : first_q;
        last_q = rss[nsamples - 1 - i] > last_q ? rss[nsamples - 1 - i] : last_q;
    }
    printf("resident memory: warm-up peak %ld MB, after it peak %ld MB; first quarter after %ld MB, last quarter %ld MB\n",
           warm_peak / 1024, after_peak / 1024, first_q / 1024, last_q / 1024);
    int failed = 0;
    if (after_peak > warm_peak + slack_kb) {
        fprintf(stderr, "FAIL resident memory grew after the warm-up by %ld MB (slack %ld MB)\n", (after_peak - warm_peak) / 1024, slack_kb / 1024);
        failed = 1;
    }
    if (last_q > first_q + slack_kb / 2) {
        fprintf(stderr, "FAIL resident memory grows steadily: %ld MB then %ld MB\n", first_q / 1024, last_q / 1024);
        failed = 1;
    }

    /* the log callback saw the events; the registry holds exactly the slots */
    char *m = minimact_metrics_get();
    const char *cp = m ? strstr(m, "\"current_predictors\":") : NULL;
    long live = cp ? atol(cp + 21) : -1;
    const char *dp = m ? strstr(m, "\"log_callback_dropped\":") : NULL;
    printf("log callback: %lu events delivered, %ld dropped; %lu malformed\n", atomic_load(&cb_events), dp ? atol(dp + 23) : -1L,
           atomic_load(&cb_bad));
    minimact_free_string(m);
    if (live != npredictors) {
        fprintf(stderr, "FAIL %ld live predictors, want %d\n", live, npredictors);
        failed = 1;
    }
    if (atomic_load(&cb_bad) || atomic_load(&cb_events) == 0) failed = 1;
    for (int i = 0; i < npredictors; i++) expect_result(minimact_predictor_destroy(slots[i]), 0, 0, "teardown", "destroy");
    long bad = atomic_load(&unexpected);
    if (bad) {
        fprintf(stderr, "FAIL %ld unexpected replies\n", bad);
        failed = 1;
    }
    printf("load test: %s (%ld unexpected replies)\n", failed ? "FAILED" : "ok", bad);
    return failed;
}
