/*
 * bench_abi.c - the engine's speed through the C ABI, as a host sees it:
 * every figure includes the cgo transition, reading the arguments in place
 * (bounded NUL scan), and copying the reply into malloc'd memory, which the
 * benchmark frees.
 *
 *   call overhead    minimact_abi_version (nothing but the transition) and
 *                    minimact_version (plus one small malloc'd reply)
 *   the 11 cases     of bench/ (bench/README.md), each in four modes, against
 *                    the first engine measured through its own C ABI on this
 *                    machine (it does the same work in every mode):
 *     cold           minimact_reconcile where every call carries two
 *                    documents never sent before: the root gets a prop
 *                    "data-call" rewritten on every call (the same in old
 *                    and new), so no cache can know either document
 *     chained        minimact_reconcile as a host calls it: each call's old
 *                    document is byte for byte the previous call's new one
 *                    (the calls alternate old->new, new->old)
 *     tree JSON      minimact_tree_render on a retained tree, alternating
 *                    the new and the old tree: each call sends one document
 *     tree binary    minimact_tree_render_binary, the same in the binary
 *                    encoding (DIR/<case>/old.bin, new.bin)
 *   predict, learn   minimact_predictor_predict and _learn on a 20-node
 *                    counter
 *
 * Each figure is the median over RUNS runs of the mean time per call in the
 * run (and the fastest run's). Inputs: the directory written by
 * `go run ./bench/cmd/writeinputs DIR` and `go run ./bench/abi/bininputs DIR`.
 *
 * Usage: build/bench_abi DIR [RUNS] [CASE]      (make bench-abi)
 * CASE "predictor" measures the predictor's rows only.
 *
 * Built with -DNO_TREE it measures the cold and chained modes only, so that
 * it also links against a library without retained trees (to compare with
 * an earlier build on the same machine at the same time).
 */
#include <math.h>
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

static char *slurp(const char *dir, const char *cas, const char *name, size_t *len) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s/%s", dir, cas, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s (run: make bench-abi, or go run ./bench/cmd/writeinputs DIR && go run ./bench/abi/bininputs DIR)\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (fread(s, 1, (size_t)n, f) != (size_t)n) exit(2);
    s[n] = 0;
    fclose(f);
    if (len) *len = (size_t)n;
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

static const char *fmt_ns(double ns, char *buf) {
    if (ns >= 1e6) {
        snprintf(buf, 32, "%.3f ms", ns / 1e6);
    } else if (ns >= 1e3) {
        snprintf(buf, 32, "%.1f us", ns / 1e3);
    } else {
        snprintf(buf, 32, "%.0f ns", ns);
    }
    return buf;
}

static void row(const char *what, struct result r, const char *goal) {
    char a[32], b[32];
    printf("| %-46s | %12s | %12s | %-10s |\n", what, fmt_ns(r.median, a), fmt_ns(r.best, b), goal);
}

/* ---- the 11 cases ---- */

/* the first engine, through its C ABI on this machine: ns per call (the same
 * in every mode) */
static const struct {
    const char *name;
    double first;
} cases[] = {
    {"table-one-cell", 5911650}, {"table-unchanged", 6043218}, {"list-append", 5455932},
    {"list-prepend", 5360244},   {"list-reverse", 5440161},    {"list-swap2", 5479913},
    {"list-shuffle", 5485252},   {"list-remove10", 5109565},   {"list-class10", 5349677},
    {"chain90", 195691},         {"table-to-list", 4785548},
};
#ifdef NO_TREE
enum { NCASES = sizeof cases / sizeof cases[0], MODES = 2 };
#else
enum { NCASES = sizeof cases / sizeof cases[0], MODES = 4 };
#endif
static const char *mode_names[] = {"cold", "chained", "tree JSON", "tree binary"};

struct input {
    char *old, *new;                /* the documents */
    char *cold_old, *cold_new;      /* the same with "data-call":"NNNNNNNN" in the root's props */
    size_t call_old, call_new;      /* where the 8 digits are */
    uint8_t *old_bin, *new_bin;
    size_t old_bin_len, new_bin_len;
};

/* with_call returns doc with "data-call":"00000000" first among the root's
 * props and stores where the digits are. */
static char *with_call(const char *doc, size_t *digits) {
    const char *p = strstr(doc, "\"props\":{");
    if (!p) {
        fprintf(stderr, "no props in the root of %.80s\n", doc);
        exit(2);
    }
    size_t at = (size_t)(p - doc) + 9;
    const char *ins = doc[at] == '}' ? "\"data-call\":\"00000000\"" : "\"data-call\":\"00000000\",";
    size_t n = strlen(doc), k = strlen(ins);
    char *s = malloc(n + k + 1);
    memcpy(s, doc, at);
    memcpy(s + at, ins, k);
    memcpy(s + at + k, doc + at, n - at + 1);
    *digits = at + 13;
    return s;
}

static void set_call(char *doc, size_t at, unsigned v) {
    for (int i = 7; i >= 0; i--, v /= 10) doc[at + (size_t)i] = (char)('0' + v % 10);
}

static unsigned call_no;
#ifndef NO_TREE
static MinimactHandle tree;
#endif

/* one call of mode m on input in; dir 0 is old->new, 1 new->old */
static char *call(int m, struct input *in, int dir) {
    switch (m) {
    case 0:
        call_no++;
        set_call(in->cold_old, in->call_old, call_no);
        set_call(in->cold_new, in->call_new, call_no);
        return minimact_reconcile(in->cold_old, in->cold_new);
    case 1:
        return dir ? minimact_reconcile(in->new, in->old) : minimact_reconcile(in->old, in->new);
#ifndef NO_TREE
    case 2:
        return minimact_tree_render(tree, dir ? in->old : in->new);
    default:
        return dir ? minimact_tree_render_binary(tree, in->old_bin, in->old_bin_len)
                   : minimact_tree_render_binary(tree, in->new_bin, in->new_bin_len);
#else
    default:
        return NULL;
#endif
    }
}

/* measure returns the median and best mean ns per call of mode m. */
static struct result measure(int m, struct input *in, int runs, double *per) {
#ifndef NO_TREE
    if (m >= 2) {
        /* a fresh tree holding the old document */
        if (tree) minimact_free_error(minimact_tree_destroy(tree).message);
        minimact_free_error(minimact_tree_new(&tree).message);
        if (m == 2) {
            minimact_free_string(minimact_tree_render(tree, in->old));
        } else {
            minimact_free_string(minimact_tree_render_binary(tree, in->old_bin, in->old_bin_len));
        }
    } else
#endif
    if (m == 1) {
        minimact_free_string(minimact_reconcile(in->new, in->old)); /* the cache holds old */
    }
    /* warm up, and size a run to about 40 ms */
    int dir = 0;
    double t0 = now_ns();
    for (int i = 0; i < 6; i++, dir ^= 1) minimact_free_string(call(m, in, dir));
    double each = (now_ns() - t0) / 6;
    int n = (int)(40e6 / (each > 1 ? each : 1));
    if (n < 4) n = 4;
    n += n % 2;
    for (int r = 0; r < runs; r++) {
        t0 = now_ns();
        for (int i = 0; i < n; i++, dir ^= 1) minimact_free_string(call(m, in, dir));
        per[r] = (now_ns() - t0) / n;
    }
    return summarize(per, runs);
}

/* check that every mode gives the same patches for old->new */
static int check(const char *name, struct input *in) {
    char *want = minimact_reconcile(in->old, in->new);
    int ok = want && want[0] == '[';
    char *cold = minimact_reconcile(in->cold_old, in->cold_new);
    ok = ok && cold && strcmp(cold, want) == 0;
#ifdef NO_TREE
    if (!ok) fprintf(stderr, "%s: cold and chained disagree\n", name);
    minimact_free_string(want);
    minimact_free_string(cold);
    return ok;
#else
    MinimactHandle t = 0;
    minimact_free_error(minimact_tree_new(&t).message);
    minimact_free_string(minimact_tree_render(t, in->old));
    char *tj = minimact_tree_render(t, in->new);
    ok = ok && tj && strcmp(tj, want) == 0;
    minimact_free_string(minimact_tree_render_binary(t, in->old_bin, in->old_bin_len));
    char *tb = minimact_tree_render_binary(t, in->new_bin, in->new_bin_len);
    ok = ok && tb && strcmp(tb, want) == 0;
    if (!ok) {
        fprintf(stderr, "%s: the modes disagree:\n reconcile %.200s\n cold      %.200s\n tree JSON %.200s\n tree bin  %.200s\n",
                name, want, cold, tj, tb);
    }
    minimact_free_string(want);
    minimact_free_string(cold);
    minimact_free_string(tj);
    minimact_free_string(tb);
    minimact_free_error(minimact_tree_destroy(t).message);
    return ok;
#endif
}

static void bench_cases(const char *dir, int runs, const char *only) {
    double *per = malloc(sizeof(double) * (size_t)runs);
    double logs[MODES] = {0};
    int counted = 0;
    printf("| case | first engine |");
    for (int m = 0; m < MODES; m++) printf(" %s | x |", mode_names[m]);
    printf("\n|---|---:|");
    for (int m = 0; m < MODES; m++) printf("---:|---:|");
    printf("\n");
    for (int c = 0; c < NCASES; c++) {
        if (only && strcmp(only, cases[c].name) != 0) continue;
        struct input in;
        in.old = slurp(dir, cases[c].name, "old.json", NULL);
        in.new = slurp(dir, cases[c].name, "new.json", NULL);
        in.cold_old = with_call(in.old, &in.call_old);
        in.cold_new = with_call(in.new, &in.call_new);
#ifdef NO_TREE
        in.old_bin = in.new_bin = NULL;
        in.old_bin_len = in.new_bin_len = 0;
#else
        in.old_bin = (uint8_t *)slurp(dir, cases[c].name, "old.bin", &in.old_bin_len);
        in.new_bin = (uint8_t *)slurp(dir, cases[c].name, "new.bin", &in.new_bin_len);
#endif
        if (!check(cases[c].name, &in)) exit(1);
        char a[32];
        printf("| %s | %s |", cases[c].name, fmt_ns(cases[c].first, a));
        for (int m = 0; m < MODES; m++) {
            struct result r = measure(m, &in, runs, per);
            double x = cases[c].first / r.median;
            logs[m] += log(x);
            printf(" %s | %.1f |", fmt_ns(r.median, a), x);
            fflush(stdout);
        }
        printf("\n");
        counted++;
        free(in.old);
        free(in.new);
        free(in.cold_old);
        free(in.cold_new);
        free(in.old_bin);
        free(in.new_bin);
    }
    printf("| **geometric mean** | |");
    for (int m = 0; m < MODES; m++) printf(" | **%.1f** |", exp(logs[m] / counted));
    printf("\n\nGoals: cold >= 15x, chained >= 50x the first engine (geometric mean over the %d cases).\n\n", counted);
    free(per);
}

static void bench_predictor(int runs) {
    double *per = malloc(sizeof(double) * (size_t)runs);
    enum { STATES = 4096 };
    char **trees = malloc(sizeof(char *) * (STATES + 1)), **changes = malloc(sizeof(char *) * STATES);
    for (int i = 0; i <= STATES; i++) trees[i] = counter(i);
    for (int i = 0; i < STATES; i++) changes[i] = change(i, i + 1);
    MinimactHandle h = minimact_predictor_new();
    for (int i = 0; i < 8; i++) minimact_free_error(minimact_predictor_learn(h, changes[i], trees[i], trees[i + 1]).message);
    char *p = minimact_predictor_predict(h, changes[8], trees[8]);
    if (!p || strncmp(p, "{\"ok\":true", 10) != 0) {
        fprintf(stderr, "predict gave no prediction: %.300s\n", p ? p : "(NULL)");
        exit(1);
    }
    minimact_free_string(p);
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
                exit(1);
            }
        }
        learn_runs[r] = (now_ns() - t0) / n;
    }
    int k = next % STATES;
    for (int r = 0; r < runs; r++) {
        int n = 20000;
        double t0 = now_ns();
        for (int i = 0; i < n; i++) minimact_free_string(minimact_predictor_predict(h, changes[k], trees[k]));
        per[r] = (now_ns() - t0) / n;
    }
    row("minimact_predictor_predict, 20-node counter", summarize(per, runs), "<= 1.5 us");
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
    for (int i = 0; i <= STATES; i++) free(trees[i]);
    for (int i = 0; i < STATES; i++) free(changes[i]);
    free(trees);
    free(changes);
    free(per);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s INPUTS-DIR [RUNS] [CASE]\n", argv[0]);
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 9;
    if (runs < 1) runs = 1;
    const char *only = argc > 3 ? argv[3] : NULL;
    double *per = malloc(sizeof(double) * (size_t)runs);

    volatile uint32_t sink = 0;
    printf("| call | median | fastest run | goal |\n|---|---:|---:|---|\n");
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
    int predictor_only = only && strcmp(only, "predictor") == 0;
    if (!only || predictor_only) bench_predictor(runs);
    printf("\n");
    if (!predictor_only) bench_cases(argv[1], runs, only);
#ifndef NO_TREE
    if (tree) minimact_free_error(minimact_tree_destroy(tree).message);
#endif
    printf("(%d runs; median of the runs' mean time per call; x = the first engine's time over ours)\n", runs);
    (void)sink;
    free(per);
    return 0;
}
