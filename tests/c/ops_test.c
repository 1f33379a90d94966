/*
 * ops_test.c - the C test of the operations exports: minimact_metrics_prometheus
 * after real work (and the text written to a file for `promtool check
 * metrics`), and minimact_log_set_callback: events from 8 threads reach the
 * callback in order on one thread of the library's, every event kept is
 * either delivered or counted as dropped, a callback that calls the library
 * is refused set_callback and not fed its own events, and a callback that
 * blocks never blocks the engine.
 *
 * Usage: build/ops_test [exposition-file]     (make test-ops)
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "minimact.h"

static atomic_int failures;

#define CHECK(cond, ...)                                                       \
    do {                                                                       \
        if (!(cond)) {                                                         \
            atomic_fetch_add(&failures, 1);                                    \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);               \
            fprintf(stderr, __VA_ARGS__);                                      \
            fputc('\n', stderr);                                               \
        }                                                                      \
    } while (0)

static const char *TEXT_A = "{\"type\":\"Text\",\"content\":\"a\"}";
static const char *TEXT_B = "{\"type\":\"Text\",\"content\":\"b\"}";
static const char *CHANGE = "{\"component_id\":\"c\",\"state_key\":\"k\",\"old_value\":1,\"new_value\":2}";

/* sample returns the value of the exposition's line "<series> <value>", or -1. */
static double sample(const char *text, const char *series) {
    size_t n = strlen(series);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        if (strncmp(p, series, n) == 0 && p[n] == ' ') return strtod(p + n + 1, NULL);
    }
    return -1;
}

static double sample_now(const char *series) {
    char *t = minimact_metrics_prometheus();
    double v = t ? sample(t, series) : -1;
    minimact_free_string(t);
    return v;
}

static void bad_reconcile(void) { minimact_free_string(minimact_reconcile("{", TEXT_A)); }

/* ---- the exposition ---- */

static void test_prometheus(void) {
    minimact_metrics_reset();
    MinimactHandle h = minimact_predictor_new();
    for (int i = 0; i < 5; i++) {
        minimact_free_string(minimact_reconcile(TEXT_A, TEXT_B));
        MinimactResult r = minimact_predictor_learn(h, CHANGE, TEXT_A, TEXT_B);
        minimact_free_error(r.message);
        minimact_free_string(minimact_predictor_predict(h, CHANGE, TEXT_A));
    }
    bad_reconcile();
    MinimactResult r = minimact_verify_patch(TEXT_A, "[{\"type\":\"Remove\",\"path\":[3]}]");
    minimact_free_error(r.message);
    char *text = minimact_metrics_prometheus();
    CHECK(text && strlen(text) > 1000 && text[strlen(text) - 1] == '\n', "exposition: %.200s", text ? text : "(NULL)");
    if (!text) return;
    CHECK(sample(text, "minimact_reconcile_calls_total") == 6, "reconcile calls %g", sample(text, "minimact_reconcile_calls_total"));
    CHECK(sample(text, "minimact_reconcile_errors_total") == 1, "reconcile errors");
    CHECK(sample(text, "minimact_reconcile_duration_seconds_bucket{le=\"+Inf\"}") == 6, "reconcile histogram");
    CHECK(sample(text, "minimact_learns_total") == 5, "learns");
    CHECK(sample(text, "minimact_predictions_total") == 5, "predictions");
    CHECK(sample(text, "minimact_predictors") >= 1, "predictors");
    CHECK(sample(text, "minimact_predictor_memory_bytes") > 0, "predictor memory");
    CHECK(sample(text, "minimact_patch_validation_failures_total") >= 1, "patch validation failures");
    CHECK(sample(text, "minimact_start_time_seconds") > 1.6e9, "start time");
    for (const char *p = text; *p; p = strchr(p, '\n') + 1) {
        int ok = strncmp(p, "# HELP minimact_", 16) == 0 || strncmp(p, "# TYPE minimact_", 16) == 0 ||
                 strncmp(p, "minimact_", 9) == 0;
        CHECK(ok, "line %.80s", p);
        if (!ok) break;
    }
    minimact_free_string(text);
    r = minimact_predictor_destroy(h);
    minimact_free_error(r.message);
}

/* ---- the log callback ---- */

struct seen {
    atomic_ulong n;
    uint64_t last_seq, out_of_order, malformed, last_dropped;
    pthread_t thread;
    int threads;
    int reentrant_code;
    int reenter;
    void *user;
    /* blocking */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int block, blocked;
};

static struct seen seen = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static void reset_seen(int reenter, int block) {
    atomic_store(&seen.n, 0);
    seen.last_seq = seen.out_of_order = seen.malformed = seen.last_dropped = 0;
    seen.threads = 0;
    seen.reentrant_code = -1;
    seen.reenter = reenter;
    seen.block = block;
    seen.blocked = 0;
    seen.user = NULL;
}

static void callback(const MinimactLogEvent *e, void *user) {
    if (seen.threads == 0) {
        seen.thread = pthread_self();
        seen.threads = 1;
    } else if (!pthread_equal(seen.thread, pthread_self())) {
        seen.threads = 2;
    }
    if (e->seq <= seen.last_seq) seen.out_of_order++;
    seen.last_seq = e->seq;
    seen.last_dropped = e->dropped;
    seen.user = user;
    if (!e->module || !e->message || strlen(e->module) != e->module_len || e->module_len > 64 ||
        e->message_len > 1024 || e->message[e->message_len] != 0 || e->level > MINIMACT_LOG_ERROR ||
        e->timestamp_ms < 1600000000000LL)
        seen.malformed++;
    if (seen.reenter) {
        MinimactResult r = minimact_log_set_callback(NULL, NULL);
        seen.reentrant_code = r.code;
        minimact_free_error(r.message);
        bad_reconcile(); /* logs a warning: kept, not handed back here */
    }
    if (seen.block) {
        pthread_mutex_lock(&seen.mu);
        seen.blocked = 1;
        pthread_cond_broadcast(&seen.cv);
        while (seen.block) pthread_cond_wait(&seen.cv, &seen.mu);
        pthread_mutex_unlock(&seen.mu);
    }
    atomic_fetch_add(&seen.n, 1);
}

static int set_callback(MinimactLogCallback cb, void *user) {
    MinimactResult r = minimact_log_set_callback(cb, user);
    int code = r.code;
    minimact_free_error(r.message);
    return code;
}

#define THREADS 8
#define PER_THREAD 400

static void *logging_thread(void *arg) {
    (void)arg;
    for (int i = 0; i < PER_THREAD; i++) bad_reconcile();
    return NULL;
}

static void test_callback_threads(void) {
    MinimactResult lr = minimact_set_log_level(MINIMACT_LOG_WARN);
    CHECK(lr.code == 0, "set_log_level");
    minimact_free_error(lr.message);
    reset_seen(0, 0);
    double kept0 = sample_now("minimact_log_events_total{level=\"warn\"}");
    double dropped0 = sample_now("minimact_log_events_dropped_total{where=\"callback\"}");
    int token;
    CHECK(set_callback(callback, &token) == 0, "set_callback");
    pthread_t ts[THREADS];
    for (int i = 0; i < THREADS; i++) pthread_create(&ts[i], NULL, logging_thread, NULL);
    for (int i = 0; i < THREADS; i++) pthread_join(ts[i], NULL);
    CHECK(set_callback(NULL, NULL) == 0, "unset"); /* returns once all were delivered */
    double kept = sample_now("minimact_log_events_total{level=\"warn\"}") - kept0;
    double dropped = sample_now("minimact_log_events_dropped_total{where=\"callback\"}") - dropped0;
    unsigned long n = atomic_load(&seen.n);
    CHECK(kept == THREADS * PER_THREAD, "kept %g warnings, want %d", kept, THREADS * PER_THREAD);
    CHECK((double)n + dropped == kept, "delivered %lu + dropped %g != kept %g", n, dropped, kept);
    CHECK(n > 0 && seen.out_of_order == 0 && seen.malformed == 0, "delivered %lu, %llu out of order, %llu malformed", n,
          (unsigned long long)seen.out_of_order, (unsigned long long)seen.malformed);
    CHECK(seen.threads == 1 && !pthread_equal(seen.thread, pthread_self()), "the callback runs on one thread of the library's");
    CHECK(seen.user == &token, "user pointer");
    bad_reconcile();
    CHECK(atomic_load(&seen.n) == n, "called after unregistering");
    printf("log callback: %lu events from %d threads delivered, %g dropped\n", n, THREADS, dropped);
}

static void test_callback_reentrant(void) {
    reset_seen(1, 0);
    double re0 = sample_now("minimact_log_events_dropped_total{where=\"callback_reentrant\"}");
    CHECK(set_callback(callback, NULL) == 0, "set_callback");
    bad_reconcile();
    bad_reconcile();
    CHECK(set_callback(NULL, NULL) == 0, "unset");
    CHECK(atomic_load(&seen.n) == 2, "%lu delivered, want 2 (none of the callback's own)", atomic_load(&seen.n));
    CHECK(seen.reentrant_code == MINIMACT_SERIALIZATION, "set_callback inside the callback: code %d", seen.reentrant_code);
    double re = sample_now("minimact_log_events_dropped_total{where=\"callback_reentrant\"}") - re0;
    CHECK(re == 2, "%g held back, want 2", re);
}

static void test_callback_slow(void) {
    reset_seen(0, 1);
    double dropped0 = sample_now("minimact_log_events_dropped_total{where=\"callback\"}");
    CHECK(set_callback(callback, NULL) == 0, "set_callback");
    bad_reconcile();
    pthread_mutex_lock(&seen.mu);
    while (!seen.blocked) pthread_cond_wait(&seen.cv, &seen.mu);
    pthread_mutex_unlock(&seen.mu);
    /* The callback holds the first event; the engine goes on (a hang here is the failure). */
    for (int i = 0; i < 3000; i++) bad_reconcile();
    double dropped = sample_now("minimact_log_events_dropped_total{where=\"callback\"}") - dropped0;
    /* the queue holds 1024; up to 64 more wait in the hand-off to the thread */
    CHECK(dropped <= 3000 - 1024 && dropped >= 3000 - 1024 - 64, "%g dropped, want %d to %d", dropped, 3000 - 1024 - 64, 3000 - 1024);
    pthread_mutex_lock(&seen.mu);
    seen.block = 0;
    pthread_cond_broadcast(&seen.cv);
    pthread_mutex_unlock(&seen.mu);
    CHECK(set_callback(NULL, NULL) == 0, "unset");
    CHECK(atomic_load(&seen.n) + dropped == 1 + 3000, "%lu delivered + %g dropped, want 3001", atomic_load(&seen.n), dropped);
    CHECK(seen.last_dropped == (uint64_t)sample_now("minimact_log_events_dropped_total{where=\"callback\"}"),
          "the events carry the drops: %llu", (unsigned long long)seen.last_dropped);
}

int main(int argc, char **argv) {
    minimact_logging_enable();
    test_prometheus();
    test_callback_threads();
    test_callback_reentrant();
    test_callback_slow();
    minimact_logging_disable();
    if (argc > 1) { /* the exposition after all of the above, for promtool */
        char *text = minimact_metrics_prometheus();
        FILE *f = fopen(argv[1], "w");
        CHECK(text && f && fputs(text, f) >= 0 && fclose(f) == 0, "writing %s", argv[1]);
        minimact_free_string(text);
    }
    int f = atomic_load(&failures);
    printf("ops_test: %s (%d failures)\n", f ? "FAILED" : "ok", f);
    return f ? 1 : 0;
}
