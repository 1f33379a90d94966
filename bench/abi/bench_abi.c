/*
 * bench_abi.c - the engine's speed through the C ABI, as a host sees it:
 * every figure includes the cgo transition, reading the arguments in place
 * (bounded NUL scan and UTF-8 check), and copying the reply into malloc'd
 * memory, which the benchmark frees.
 *
 *   call overhead       minimact_abi_version (nothing but the transition) and
 *                       minimact_version (plus one small malloc'd reply)
 *   reconcile one-cell  minimact_reconcile on the 500 x 4 table (~260 KB per
 *                       tree, one cell changed): goal <= 0.4 ms median. As a
 *                       host calls it, each old tree is the previous call's
 *                       new one (the library's tree cache then spares its
 *                       decode); "cold" sends the same pair every time.
 *   predict counter     minimact_predictor_predict on a 20-node counter, on
 *                       the tree of the last learn (a host's usual call):
 *                       goal <= 1.5 us; and on a tree it has not seen
 *   learn counter       minimact_predictor_learn of the next increment:
 *                       goal <= 3 us
 *
 * Each figure is the median over RUNS runs of the mean time per call in the
 * run (and the fastest run). Inputs: the directory written by
 * `go run ./bench/cmd/writeinputs DIR` (table-one-cell/old.json, new.json).
 *
 * Usage: build/bench_abi DIR [RUNS]      (make bench-abi)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "minimact.h"

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static char *slurp(const char *dir, const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s (run: go run ./bench/cmd/writeinputs DIR)\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (fread(s, 1, (size_t)n, f) != (size_t)n) exit(2);
    s[n] = 0;
    fclose(f);
    return s;
}

/* The 20-node counter: div > [h1 > text, p > text, div > [3 x button > text],
 * ul > [2 x li > text], footer > text] = 20 nodes; one text changes. */
static char *counter(int n) {
    char *s = malloc(2048);
    snprintf(s, 2048,
             "{\"type\":\"Element\",\"tag\":\"div\",\"props\":{\"class\":\"counter\",\"id\":\"c1\"},\"key\":null,\"children\":["
             "{\"type\":\"Element\",\"tag\":\"h1\",\"props\":{},\"key\":null,\"children\":[{\"type\":\"Text\",\"content\":\"Counter\"}]},"
             "{\"type\":\"Element\",\"tag\":\"p\",\"props\":{\"class\":\"value\"},\"key\":null,\"children\":[{\"type\":\"Text\",\"content\":\"Count: %d\"}]},"
             "{\"type\":\"Element\",\"tag\":\"div\",\"props\":{\"class\":\"buttons\"},\"key\":null,\"children\":["
             "{\"type\":\"Element\",\"tag\":\"button\",\"props\":{\"onclick\":\"inc\"},\"key\":null,\"children\":[{\"type\":\"Text\",\"content\":\"+\"}]},"
             "{\"type\":\"Element\",\"tag\":\"button\",\"props\":{\"onclick\":\"dec\"},\"key\":null,\"children\":[{\"type\":\"Text\",\"content\":\"-\"}]},"
             "{\"type\":\"Element\",\"tag\":\"button\",\"props\":{\"onclick\":\"reset\"},\"key\":null,\"children\":[{\"type\":\"Text\",\"content\":\"Reset\"}]}]},"
             "{\"type\":\"Element\",\"tag\":\"ul\",\"props\":{\"class\":\"help\"},\"key\":null,\"children\":["
             "{\"type\":\"Element\",\"tag\":\"li\",\"props\":{},\"key\":null,\"children\":[{\"type\":\"Text\",\"content\":\"Click + to add one\"}]},"
             "{\"type\":\"Element\",\"tag\":\"li\",\"props\":{},\"key\":null,\"children\":[{\"type\":\"Text\",\"content\":\"Click - to take one\"}]}]},"
             "{\"type\":\"Element\",\"tag\":\"footer\",\"props\":{},\"key\":null,\"children\":[{\"type\":\"Text\",\"content\":\"minimact\"}]}]}",
             n);
    return s;
}

static char *change(int from, int to) {
    char *s = malloc(160);
    snprintf(s, 160, "{\"component_id\":\"counter-1\",\"state_key\":\"count\",\"old_value\":%d,\"new_value\":%d}", from, to);
    return s;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

struct result {
    double median, best;
};

static struct result summarize(double *per_run, int runs) {
    qsort(per_run, (size_t)runs, sizeof *per_run, cmp);
    struct result r = {runs % 2 ? per_run[runs / 2] : (per_run[runs / 2 - 1] + per_run[runs / 2]) / 2, per_run[0]};
    return r;
}

static void row(const char *what, struct result r, const char *goal) {
    const char *unit = "ns";
    double m = r.median, b = r.best;
    if (m >= 100000) {
        unit = "ms";
        m /= 1e6;
        b /= 1e6;
    } else if (m >= 1000) {
        unit = "us";
        m /= 1e3;
        b /= 1e3;
    }
    printf("| %-46s | %9.3f %s | %9.3f %s | %-10s |\n", what, m, unit, b, unit, goal);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s INPUTS-DIR [RUNS]\n", argv[0]);
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 9;
    if (runs < 1) runs = 1;
    double *per = malloc(sizeof(double) * (size_t)runs);
    char *old = slurp(argv[1], "table-one-cell/old.json");
    char *new = slurp(argv[1], "table-one-cell/new.json");

    /* warm up the Go runtime, pools and caches */
    for (int i = 0; i < 50; i++) minimact_free_string(minimact_reconcile(old, new));
    char *check = minimact_reconcile(old, new);
    if (!check || check[0] != '[') {
        fprintf(stderr, "reconcile failed: %.300s\n", check ? check : "(NULL)");
        return 1;
    }
    printf("one-cell table: %zu + %zu bytes -> %s\n\n", strlen(old), strlen(new), check);
    minimact_free_string(check);

    printf("| call | median | fastest run | goal |\n|---|---:|---:|---|\n");

    /* call overhead */
    volatile uint32_t sink = 0;
    for (int r = 0; r < runs; r++) {
        int n = 2000000;
        double t0 = now_ns();
        for (int i = 0; i < n; i++) sink += minimact_abi_version();
        per[r] = (now_ns() - t0) / n;
    }
    row("minimact_abi_version (cgo call overhead)", summarize(per, runs), "");
    for (int r = 0; r < runs; r++) {
        int n = 500000;
        double t0 = now_ns();
        for (int i = 0; i < n; i++) minimact_free_string(minimact_version());
        per[r] = (now_ns() - t0) / n;
    }
    row("minimact_version + free (small reply)", summarize(per, runs), "");

    /* reconcile, as a host calls it: each old tree the previous call's new
     * one (the calls alternate old->new, new->old), so the library's tree
     * cache spares decoding the old tree */
    for (int r = 0; r < runs; r++) {
        int n = 40;
        double t0 = now_ns();
        for (int i = 0; i < n; i++) {
            minimact_free_string(i % 2 ? minimact_reconcile(new, old) : minimact_reconcile(old, new));
        }
        per[r] = (now_ns() - t0) / n;
    }
    row("minimact_reconcile, one-cell table (2 x 260 KB)", summarize(per, runs), "<= 0.4 ms");
    /* the same pair every time: both trees decoded (the cache never hits) */
    for (int r = 0; r < runs; r++) {
        int n = 40;
        double t0 = now_ns();
        for (int i = 0; i < n; i++) minimact_free_string(minimact_reconcile(old, new));
        per[r] = (now_ns() - t0) / n;
    }
    row("  the same, cold: both trees decoded every call", summarize(per, runs), "");

    /* learn and predict on the counter */
    enum { STATES = 4096 };
    char **trees = malloc(sizeof(char *) * (STATES + 1)), **changes = malloc(sizeof(char *) * STATES);
    for (int i = 0; i <= STATES; i++) trees[i] = counter(i);
    for (int i = 0; i < STATES; i++) changes[i] = change(i, i + 1);
    MinimactHandle h = minimact_predictor_new();
    for (int i = 0; i < 8; i++) minimact_free_error(minimact_predictor_learn(h, changes[i], trees[i], trees[i + 1]).message);
    char *p = minimact_predictor_predict(h, changes[8], trees[8]);
    printf("\n");
    if (!p || strncmp(p, "{\"ok\":true", 10) != 0) {
        fprintf(stderr, "predict gave no prediction: %.300s\n", p ? p : "(NULL)");
        return 1;
    }
    minimact_free_string(p);

    /* learn: each call the next increment, old tree = the last new tree */
    int next = 8;
    double learn_runs[64];
    for (int r = 0; r < runs && r < 64; r++) {
        int n = 300;
        double t0 = now_ns();
        for (int i = 0; i < n; i++, next++) {
            int k = next % STATES;
            if (k == STATES - 1) next++, k = next % STATES;
            MinimactResult res = minimact_predictor_learn(h, changes[k], trees[k], trees[k + 1]);
            if (res.code) {
                fprintf(stderr, "learn: %s\n", res.message);
                return 1;
            }
        }
        learn_runs[r] = (now_ns() - t0) / n;
    }
    int k = next % STATES;
    /* predict on the tree the last learn produced */
    for (int r = 0; r < runs; r++) {
        int n = 20000;
        double t0 = now_ns();
        for (int i = 0; i < n; i++) minimact_free_string(minimact_predictor_predict(h, changes[k], trees[k]));
        per[r] = (now_ns() - t0) / n;
    }
    p = minimact_predictor_predict(h, changes[k], trees[k]);
    if (!p || strncmp(p, "{\"ok\":true", 10) != 0) {
        fprintf(stderr, "predict gave no prediction: %.300s\n", p ? p : "(NULL)");
        return 1;
    }
    minimact_free_string(p);
    row("minimact_predictor_predict, 20-node counter", summarize(per, runs), "<= 1.5 us");
    /* predict on a tree it has not just seen */
    for (int r = 0; r < runs; r++) {
        int n = 20000;
        double t0 = now_ns();
        for (int i = 0; i < n; i++) {
            int j = (k + 1 + i % 64) % STATES;
            minimact_free_string(minimact_predictor_predict(h, changes[j], trees[j]));
        }
        per[r] = (now_ns() - t0) / n;
    }
    row("  the same, current tree not the last learned", summarize(per, runs), "");
    row("minimact_predictor_learn, 20-node counter", summarize(learn_runs, runs < 64 ? runs : 64), "<= 3 us");
    minimact_free_error(minimact_predictor_destroy(h).message);
    printf("\n(%d runs; median of the runs' mean time per call, and the fastest run)\n", runs);
    (void)sink;
    return 0;
}
