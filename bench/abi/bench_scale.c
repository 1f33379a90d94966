/*
 * bench_scale.c - predictions through the C ABI on one and two threads: the
 * throughput of minimact_predictor_predict (the cgo transition, the bounded
 * reads of the arguments, the prediction, the reply copied into malloc'd
 * memory and freed) with every thread on a predictor of its own
 * ("separate"), and with every thread on one predictor ("shared"). The
 * scaling is the throughput on two threads over that on one: goals >= 1.8
 * separate, >= 1.6 shared (issue 8). On a machine of two cores shared with
 * other work the figures are noisy: each is the best of RUNS runs, and the
 * first rows are a control, a loop of C arithmetic on one and two threads,
 * which shows how much of a second core the machine gave meanwhile (x2.00
 * when it is free). The CPU time each thread spent per prediction (its
 * CLOCK_THREAD_CPUTIME_ID) does not depend on what else the machine runs: it
 * grows with two threads only when they contend (a shared lock, a cache
 * line written by both); "CPU scaling" is the throughput the CPU times make
 * (2 x CPU us at 1 thread / CPU us at 2).
 *
 * Usage: build/bench_scale [SECONDS per run, default 1] [RUNS, default 5]
 *        (make bench-scale)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "minimact.h"

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The 20-node counter of bench_abi.c. */
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

static MinimactHandle trained(void) {
    MinimactHandle h = minimact_predictor_new();
    for (int i = 0; i < 8; i++) {
        char *sc = change(i, i + 1), *o = counter(i), *n = counter(i + 1);
        MinimactResult r = minimact_predictor_learn(h, sc, o, n);
        if (r.code != 0) {
            fprintf(stderr, "learn: %d %s\n", r.code, r.message);
            exit(1);
        }
        free(sc);
        free(o);
        free(n);
    }
    return h;
}

struct worker {
    pthread_t th;
    MinimactHandle h; /* 0: the control loop */
    const char *sc, *tree;
    double seconds;
    long calls;
    double cpu; /* seconds of CPU the thread used */
};

static double thread_cpu_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *run(void *arg) {
    struct worker *w = arg;
    double end = now_s() + w->seconds;
    double cpu0 = thread_cpu_s();
    long n = 0;
    for (;;) {
        if (w->h == 0) {
            /* the control: about a prediction's time of arithmetic */
            for (int i = 0; i < 256; i++) {
                volatile double x = 0;
                for (int k = 0; k < 400; k++) x += k;
            }
            n += 256;
            if (now_s() >= end) break;
            continue;
        }
        for (int i = 0; i < 256; i++) {
            char *p = minimact_predictor_predict(w->h, w->sc, w->tree);
            if (!p || strncmp(p, "{\"ok\":true", 10) != 0) {
                fprintf(stderr, "no prediction: %s\n", p ? p : "(NULL)");
                exit(1);
            }
            minimact_free_string(p);
        }
        n += 256;
        if (now_s() >= end) break;
    }
    w->calls = n;
    w->cpu = thread_cpu_s() - cpu0;
    return NULL;
}

/* throughput: predictions per second of threads threads, shared or not;
 * *cpu_us the CPU microseconds per prediction. */
static double throughput(int threads, int shared, double seconds, MinimactHandle *hs, const char *sc, const char *tree, double *cpu_us) {
    struct worker ws[2];
    double start = now_s();
    for (int i = 0; i < threads; i++) {
        ws[i] = (struct worker){.h = shared ? hs[0] : hs[i], .sc = sc, .tree = tree, .seconds = seconds};
        pthread_create(&ws[i].th, NULL, run, &ws[i]);
    }
    long total = 0;
    double cpu = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(ws[i].th, NULL);
        total += ws[i].calls;
        cpu += ws[i].cpu;
    }
    if (cpu_us) *cpu_us = 1e6 * cpu / (double)total;
    return (double)total / (now_s() - start);
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    if (seconds <= 0) seconds = 1;
    if (runs <= 0) runs = 5;
    MinimactHandle hs[2] = {trained(), trained()};
    char *sc = change(8, 9), *tree = counter(8);
    throughput(2, 0, 0.2, hs, sc, tree, NULL); /* warm-up */
    printf("| predictors | threads | predictions/s (best of %d) | us per prediction per thread | scaling | CPU us per prediction (least) | CPU scaling |\n", runs);
    printf("|---|---:|---:|---:|---:|---:|---:|\n");
    MinimactHandle none[2] = {0, 0};
    const char *names[] = {"control (C loop)", "separate", "shared"};
    /* the runs interleave the modes, so that each mode meets the same moments */
    double best[3][3] = {{0}}, cpu[3][3];
    for (int m = 0; m < 3; m++)
        for (int t = 0; t < 3; t++) cpu[m][t] = 1e9;
    for (int r = 0; r < runs; r++) {
        for (int mode = 0; mode <= 2; mode++) {
            for (int t = 1; t <= 2; t++) {
                double c;
                double x = throughput(t, mode == 2, seconds, mode == 0 ? none : hs, sc, tree, &c);
                if (x > best[mode][t]) best[mode][t] = x;
                if (c < cpu[mode][t]) cpu[mode][t] = c;
            }
        }
    }
    for (int mode = 0; mode <= 2; mode++) {
        double *b = best[mode], *c = cpu[mode];
        printf("| %s | 1 | %.0f | %.2f | | %.3f | |\n", names[mode], b[1], 1e6 / b[1], c[1]);
        printf("| %s | 2 | %.0f | %.2f | x%.2f | %.3f | x%.2f |\n", names[mode], b[2], 2e6 / b[2], b[2] / b[1], c[2], 2 * c[1] / c[2]);
    }
    free(sc);
    free(tree);
    minimact_predictor_destroy(hs[0]);
    minimact_predictor_destroy(hs[1]);
    return 0;
}
