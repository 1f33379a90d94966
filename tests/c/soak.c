/*
 * soak.c - makes N calls (default 1,000,000) of mixed exports through
 * libminimact, freeing every reply, and checks that resident memory stays
 * flat after warm-up: a leaked string per call would show as tens of MB.
 *
 * It samples the resident set (/proc/self/statm) every N/10 calls; the first
 * 20% of the calls are warm-up (the Go heap, pools and the log ring reach
 * their working size). After that, the largest sample may exceed the
 * warm-up's by at most SOAK_SLACK_MB (default 24 MB: Go's GC keeps up to
 * twice the live heap) and must not grow steadily.
 *
 * Usage: build/soak [calls]      (make test-c runs it)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "minimact.h"

static long rss_kb(void) {
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f) return -1;
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = -1;
    fclose(f);
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static char *counter(int n) {
    char *s = malloc(768);
    snprintf(s, 768,
             "{\"type\":\"Element\",\"tag\":\"div\",\"props\":{\"class\":\"counter\"},\"children\":["
             "{\"type\":\"Element\",\"tag\":\"p\",\"props\":{},\"children\":[{\"type\":\"Text\",\"content\":\"Count: %d\"}]},"
             "{\"type\":\"Element\",\"tag\":\"button\",\"props\":{\"id\":\"inc\"},\"children\":[{\"type\":\"Text\",\"content\":\"+\"}]}]}",
             n);
    return s;
}

static int failures;

static void fail(const char *what, const char *got) {
    if (failures++ < 10) fprintf(stderr, "FAIL %s: %.200s\n", what, got ? got : "(NULL)");
}

int main(int argc, char **argv) {
    long calls = argc > 1 ? atol(argv[1]) : 1000000;
    const char *slack_env = getenv("SOAK_SLACK_MB");
    long slack_kb = (slack_env ? atol(slack_env) : 24) * 1024;
    if (calls < 1000) calls = 1000;
    char *trees[8], *changes[8];
    for (int i = 0; i < 8; i++) {
        trees[i] = counter(i);
        changes[i] = malloc(160);
        snprintf(changes[i], 160, "{\"component_id\":\"c\",\"state_key\":\"count\",\"old_value\":%d,\"new_value\":%d}", i, i + 1);
    }
    minimact_logging_enable();
    minimact_logging_set_level(MINIMACT_LOG_DEBUG); /* fill the ring: it must stay bounded */
    MinimactHandle h = minimact_predictor_new();
    long step = calls / 10, warm = 0, peak = 0, samples[11] = {0};
    int ns = 0;
    for (long i = 0; i < calls; i++) {
        int k = (int)(i % 7);
        char *s;
        MinimactResult r;
        switch (i % 12) {
        case 0:
        case 1:
            s = minimact_reconcile(trees[k], trees[k + 1]);
            if (!s || s[0] != '[') fail("reconcile", s);
            minimact_free_string(s);
            break;
        case 2:
            r = minimact_predictor_learn(h, changes[k], trees[k], trees[k + 1]);
            if (r.code) fail("learn", r.message);
            minimact_free_error(r.message);
            break;
        case 3:
        case 4:
            s = minimact_predictor_predict(h, changes[k], trees[k]);
            if (!s || s[0] != '{') fail("predict", s);
            minimact_free_string(s);
            break;
        case 5: /* errors allocate messages too */
            s = minimact_reconcile(trees[k], "{\"type\":\"Blink\"}");
            if (!s || !strstr(s, "\"code\":1}")) fail("reconcile error", s);
            minimact_free_string(s);
            r = minimact_predictor_learn(h, NULL, trees[k], trees[k]);
            if (r.code != MINIMACT_NULL_POINTER) fail("learn NULL", r.message);
            minimact_free_error(r.message);
            break;
        case 6:
            s = minimact_predictor_stats(h);
            if (!s || !strstr(s, "total_patterns")) fail("stats", s);
            minimact_free_string(s);
            break;
        case 7:
            s = minimact_apply_patches(trees[k], "[{\"type\":\"UpdateText\",\"path\":[0,0],\"content\":\"x\"}]");
            if (!s || s[0] != '{') fail("apply", s);
            minimact_free_string(s);
            r = minimact_verify_patch(trees[k], "{\"type\":\"Remove\",\"path\":[5]}");
            if (r.code != MINIMACT_INVALID_PATH) fail("verify", r.message);
            minimact_free_error(r.message);
            break;
        case 8:
            s = minimact_metrics_get();
            if (!s) fail("metrics", s);
            minimact_free_string(s);
            s = minimact_get_log_events(16);
            if (!s || s[0] != '[') fail("log events", s);
            minimact_free_string(s);
            break;
        case 9: {
            uint8_t *b = NULL;
            uintptr_t n = 0;
            r = minimact_predictor_serialize(h, &b, &n);
            if (r.code == 0) {
                MinimactHandle d = 0;
                MinimactResult r2 = minimact_predictor_deserialize(b, n, NULL, &d);
                if (r2.code) fail("deserialize", r2.message);
                minimact_free_error(r2.message);
                minimact_free_error(minimact_predictor_destroy(d).message);
            } else {
                fail("serialize", r.message);
            }
            minimact_free_error(r.message);
            minimact_free_bytes(b);
            break;
        }
        case 10:
            if (i % 1200 == 10) { /* a new predictor now and then */
                minimact_free_error(minimact_predictor_destroy(h).message);
                h = minimact_predictor_new();
            }
            s = minimact_predictor_save(h);
            if (!s) fail("save", s);
            minimact_free_string(s);
            break;
        default:
            s = minimact_predictor_predict(h + 1000000, changes[k], trees[k]);
            if (!s || !strstr(s, "\"code\":5}")) fail("predict stale", s);
            minimact_free_string(s);
            break;
        }
        if ((i + 1) % step == 0) {
            long kb = rss_kb();
            samples[ns++] = kb;
            printf("soak: %8ld calls  resident %6ld KB\n", i + 1, kb);
            fflush(stdout);
            if (ns == 2) warm = kb;
            if (ns > 2 && kb > peak) peak = kb;
        }
    }
    minimact_free_error(minimact_predictor_destroy(h).message);
    minimact_logging_disable();
    for (int i = 0; i < 8; i++) {
        free(trees[i]);
        free(changes[i]);
    }
    int ok = failures == 0;
    if (peak - warm > slack_kb) {
        fprintf(stderr, "FAIL resident memory grew from %ld KB after warm-up to %ld KB\n", warm, peak);
        ok = 0;
    }
    /* steady growth: every sample after warm-up above the previous one */
    int rising = ns > 4;
    for (int i = 3; i < ns; i++) {
        if (samples[i] <= samples[i - 1]) rising = 0;
    }
    if (rising && samples[ns - 1] - samples[2] > slack_kb / 4) {
        fprintf(stderr, "FAIL resident memory rises at every sample: a leak\n");
        ok = 0;
    }
    if (failures) fprintf(stderr, "soak: %d failed calls\n", failures);
    printf("soak: %ld calls, resident %ld KB after warm-up, at most %ld KB after: %s\n", calls, warm, peak,
           ok ? "flat" : "FAILED");
    return ok ? 0 : 1;
}
