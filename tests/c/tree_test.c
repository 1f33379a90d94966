/*
 * tree_test.c - the C test of retained trees (minimact_tree_*): renders in
 * JSON and in the binary encoding (written here by hand, as docs/binary-tree.md
 * says) that equal minimact_reconcile's patches, learning and predicting on
 * the tree, every bad input, and 8 threads rendering on trees of their own
 * and on one shared tree while trees are destroyed under the calls.
 *
 * Build and run: make test-c   (or: build/tree_test after make lib)
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

static int code_in(const char *json) {
    const char *c = json ? strstr(json, "\"code\":") : NULL;
    return c ? atoi(c + 7) : -1;
}

static int result_code(MinimactResult r) {
    minimact_free_error(r.message);
    return r.code;
}

static char *counter(int n) {
    char *s = malloc(1024);
    snprintf(s, 1024,
             "{\"type\":\"Element\",\"tag\":\"div\",\"props\":{\"class\":\"counter\"},\"children\":["
             "{\"type\":\"Element\",\"tag\":\"p\",\"props\":{},\"children\":[{\"type\":\"Text\",\"content\":\"Count: %d\"}]},"
             "{\"type\":\"Element\",\"tag\":\"button\",\"props\":{\"id\":\"inc\"},\"children\":[{\"type\":\"Text\",\"content\":\"+\"}]}]}",
             n);
    return s;
}

static char *change(int a, int b) {
    char *s = malloc(128);
    snprintf(s, 128, "{\"component_id\":\"c\",\"state_key\":\"count\",\"old_value\":%d,\"new_value\":%d}", a, b);
    return s;
}

/* ---- the binary encoding, by hand ---- */

struct bin {
    uint8_t b[4096];
    size_t n;
};

static void put(struct bin *w, uint8_t c) { w->b[w->n++] = c; }
static void str(struct bin *w, const char *s) {
    uint32_t n = (uint32_t)strlen(s);
    for (int i = 0; i < 4; i++) put(w, (uint8_t)(n >> (8 * i)));
    memcpy(w->b + w->n, s, n);
    w->n += n;
}
static void begin(struct bin *w) {
    w->n = 0;
    memcpy(w->b, "MMTB\x01", 5);
    w->n = 5;
}
static void element(struct bin *w, const char *tag) { put(w, 1); str(w, tag); put(w, 0); }
static void prop(struct bin *w, const char *name, const char *value) { put(w, 0x10); str(w, name); str(w, value); }
static void text(struct bin *w, const char *s) { put(w, 2); str(w, s); }
static void end(struct bin *w) { put(w, 0); }

static void counter_bin(struct bin *w, int n) {
    char label[64];
    snprintf(label, sizeof label, "Count: %d", n);
    begin(w);
    element(w, "div"); prop(w, "class", "counter");
    element(w, "p"); text(w, label); end(w);
    element(w, "button"); prop(w, "id", "inc"); text(w, "+"); end(w);
    end(w);
}

static void test_render(void) {
    MinimactHandle t = 0;
    CHECK(result_code(minimact_tree_new(&t)) == 0 && t != 0, "tree_new");
    char *r = minimact_tree_render_html(t);
    CHECK(code_in(r) == MINIMACT_KEY_NOT_FOUND, "html before the first render: %s", r);
    minimact_free_string(r);
    char *c0 = counter(0);
    r = minimact_tree_render(t, c0);
    CHECK(r && strncmp(r, "[{\"type\":\"Create\",\"path\":[]", 27) == 0, "first render: %s", r);
    minimact_free_string(r);
    /* the retained tree's HTML is minimact_render_html's of the same tree */
    r = minimact_tree_render_html(t);
    char *want_html = minimact_render_html(c0);
    CHECK(r && want_html && strcmp(r, want_html) == 0 && r[0] == '<', "tree html %s, want %s", r, want_html);
    minimact_free_string(r);
    minimact_free_string(want_html);
    struct bin w;
    for (int i = 1; i <= 8; i++) {
        char *prev = counter(i - 1), *next = counter(i);
        char *want = minimact_reconcile(prev, next);
        if (i % 2) {
            r = minimact_tree_render(t, next);
        } else {
            counter_bin(&w, i);
            r = minimact_tree_render_binary(t, w.b, w.n);
        }
        CHECK(r && want && strcmp(r, want) == 0, "render %d: %s, reconcile %s", i, r, want);
        minimact_free_string(r);
        minimact_free_string(want);
        free(prev);
        free(next);
    }
    /* learn and predict without sending a tree */
    MinimactHandle p = minimact_predictor_new();
    for (int i = 9; i < 16; i++) {
        char *next = counter(i), *sc = change(i - 1, i);
        minimact_free_string(minimact_tree_render(t, next));
        CHECK(result_code(minimact_tree_learn(t, p, sc)) == 0, "learn %d", i);
        free(next);
        free(sc);
    }
    char *sc = change(15, 16);
    r = minimact_tree_predict(t, p, sc);
    CHECK(r && strncmp(r, "{\"ok\":true", 10) == 0 && strstr(r, "Count: 16"), "predict: %s", r);
    minimact_free_string(r);
    free(sc);
    /* errors: nothing changes */
    r = minimact_tree_render(t, NULL);
    CHECK(code_in(r) == MINIMACT_NULL_POINTER, "NULL tree: %s", r);
    minimact_free_string(r);
    r = minimact_tree_render(t, "{\"type\":\"Text\",\"content\":\"\xff\"}");
    CHECK(code_in(r) == MINIMACT_INVALID_UTF8, "bad UTF-8: %s", r);
    minimact_free_string(r);
    r = minimact_tree_render_binary(t, NULL, 3);
    CHECK(code_in(r) == MINIMACT_NULL_POINTER, "NULL data: %s", r);
    minimact_free_string(r);
    r = minimact_tree_render_binary(t, (const uint8_t *)"MMTB\x01\x09", 6);
    CHECK(code_in(r) == MINIMACT_INVALID_VNODE, "unknown kind byte: %s", r);
    minimact_free_string(r);
    r = minimact_tree_render_binary(t, w.b, w.n - 3);
    CHECK(code_in(r) == MINIMACT_SERIALIZATION, "truncated: %s", r);
    minimact_free_string(r);
    char *c15 = counter(15), *c16 = counter(16);
    char *want = minimact_reconcile(c15, c16);
    r = minimact_tree_render(t, c16);
    CHECK(r && want && strcmp(r, want) == 0, "after errors: %s", r);
    minimact_free_string(r);
    minimact_free_string(want);
    free(c15);
    free(c16);
    free(c0);
    /* handles */
    CHECK(result_code(minimact_tree_new(NULL)) == MINIMACT_NULL_POINTER, "tree_new(NULL)");
    MinimactHandle t2 = 0;
    CHECK(result_code(minimact_tree_create("{\"max_node_count\":3}", &t2)) == 0 && t2, "tree_create");
    char *big = counter(1);
    r = minimact_tree_render(t2, big);
    CHECK(code_in(r) == MINIMACT_TREE_TOO_LARGE, "the tree's own limits: %s", r);
    minimact_free_string(r);
    free(big);
    CHECK(result_code(minimact_tree_destroy(t2)) == 0, "destroy t2");
    CHECK(result_code(minimact_tree_create("{\"nope\":1}", &t2)) == MINIMACT_SERIALIZATION && t2 == 0, "bad limits");
    CHECK(result_code(minimact_tree_destroy(t)) == 0, "destroy");
    CHECK(result_code(minimact_tree_destroy(t)) == MINIMACT_INVALID_HANDLE, "destroy again");
    r = minimact_tree_render(t, "{\"type\":\"Text\",\"content\":\"x\"}");
    CHECK(code_in(r) == MINIMACT_INVALID_HANDLE, "render after destroy: %s", r);
    minimact_free_string(r);
    r = minimact_tree_render(p, "{\"type\":\"Text\",\"content\":\"x\"}");
    CHECK(code_in(r) == MINIMACT_INVALID_HANDLE, "a predictor handle as a tree: %s", r);
    minimact_free_string(r);
    CHECK(result_code(minimact_tree_learn(0, p, "{}")) == MINIMACT_INVALID_HANDLE, "learn on 0");
    minimact_free_error(minimact_predictor_destroy(p).message);
}

/* ---- threads ---- */

enum { THREADS = 8, ROUNDS = 300 };
static MinimactHandle shared;

static void *hammer(void *arg) {
    int id = (int)(intptr_t)arg;
    MinimactHandle own = 0;
    CHECK(result_code(minimact_tree_new(&own)) == 0, "tree_new in a thread");
    struct bin w;
    for (int i = 0; i < ROUNDS; i++) {
        char *r;
        if (i % 2) {
            counter_bin(&w, i);
            r = minimact_tree_render_binary(own, w.b, w.n);
        } else {
            char *c = counter(i);
            r = minimact_tree_render(own, c);
            free(c);
        }
        CHECK(r && r[0] == '[', "own tree: %s", r);
        minimact_free_string(r);
        char *c = counter(id * 10000 + i);
        r = minimact_tree_render(shared, c);
        CHECK(r && (r[0] == '[' || code_in(r) == MINIMACT_INVALID_HANDLE), "shared tree: %s", r);
        minimact_free_string(r);
        free(c);
        if (id == 0 && i == ROUNDS / 2) {
            /* destroy the shared tree under the other threads' calls */
            CHECK(result_code(minimact_tree_destroy(shared)) == 0, "destroy shared");
        }
    }
    CHECK(result_code(minimact_tree_destroy(own)) == 0, "destroy own");
    return NULL;
}

static void test_threads(void) {
    CHECK(result_code(minimact_tree_new(&shared)) == 0, "shared tree");
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        CHECK(pthread_create(&t[i], NULL, hammer, (void *)(intptr_t)i) == 0, "pthread_create");
    }
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    char *m = minimact_global_metrics();
    CHECK(m && strstr(m, "\"retained_trees\":0,"), "no tree left: %s", m);
    minimact_free_string(m);
}

/* ---- soak: memory stays flat ---- */

static long rss_kb(void) {
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        fclose(f);
    }
    return resident * 4;
}

/* 100,000 renders on one tree (JSON and binary in turn), then 20,000 trees
 * created, rendered and destroyed: the resident set after the first tenth
 * may not grow by more than 8 MiB. */
static void test_soak(void) {
    MinimactHandle t = 0;
    minimact_free_error(minimact_tree_new(&t).message);
    struct bin w;
    char *trees[16];
    for (int i = 0; i < 16; i++) trees[i] = counter(i);
    long base = 0;
    for (int i = 0; i < 100000; i++) {
        char *r;
        if (i % 2) {
            counter_bin(&w, i % 16);
            r = minimact_tree_render_binary(t, w.b, w.n);
        } else {
            r = minimact_tree_render(t, trees[i % 16]);
        }
        CHECK(r && r[0] == '[', "soak render %d: %s", i, r);
        minimact_free_string(r);
        if (i == 10000) base = rss_kb();
    }
    minimact_free_error(minimact_tree_destroy(t).message);
    for (int i = 0; i < 20000; i++) {
        MinimactHandle x = 0;
        minimact_free_error(minimact_tree_new(&x).message);
        minimact_free_string(minimact_tree_render(x, trees[i % 16]));
        minimact_free_error(minimact_tree_destroy(x).message);
    }
    long grown = rss_kb() - base;
    CHECK(grown < 8 * 1024, "resident set grew by %ld KiB", grown);
    for (int i = 0; i < 16; i++) free(trees[i]);
}

int main(void) {
    test_render();
    test_threads();
    test_soak();
    if (failures) {
        fprintf(stderr, "tree_test: %d failures\n", failures);
        return 1;
    }
    printf("tree_test: every retained-tree export, bad input, %d threads: ok\n", THREADS);
    return 0;
}
