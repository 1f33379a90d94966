/*
 * abi_test.c - the C test of libminimact: calls every export of minimact.h,
 * with good input and every kind of bad input (NULL pointers, invalid UTF-8,
 * malformed and hostile JSON, unknown and destroyed handles), checks the
 * results, then runs 8 threads of mixed calls at once with destroys racing
 * the calls on the same handles, and finally checks in child processes that
 * an injected Go panic comes back as code 999 and leaves the library usable.
 *
 * Build and run: make test-c   (or: build/abi_test after make lib)
 */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* ---- helpers ---- */

/* code_in returns the "code" member of a JSON reply, or -1. */
static int code_in(const char *json) {
    const char *c = json ? strstr(json, "\"code\":") : NULL;
    return c ? atoi(c + 7) : -1;
}

static int starts(const char *s, const char *prefix) {
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* result_is checks r's code, that the message is present exactly on failure,
 * and frees it. */
static int result_is(MinimactResult r, int code, const char *what) {
    int ok = r.code == code && (code == 0) == (r.message == NULL);
    if (!ok) {
        atomic_fetch_add(&failures, 1);
        fprintf(stderr, "FAIL %s: code %d (%s), want %d\n", what, r.code,
                r.message ? r.message : "no message", code);
    }
    minimact_free_error(r.message);
    return ok;
}

/* reply_error_is checks that reply begins with prefix and carries code, and
   frees it. */
static void reply_error_is(char *reply, const char *prefix, int code, const char *what) {
    int ok = starts(reply, prefix) && code_in(reply) == code;
    if (!ok) {
        atomic_fetch_add(&failures, 1);
        fprintf(stderr, "FAIL %s: %.300s, want code %d\n", what, reply ? reply : "(NULL)", code);
    }
    minimact_free_string(reply);
}

/* error_is: {"error":...,"code":code}. */
static void error_is(char *reply, int code, const char *what) { reply_error_is(reply, "{\"error\":\"", code, what); }

/* predict_error_is: a reply of predict's shape, {"ok":false,"error":...,"code":code}. */
static void predict_error_is(char *reply, int code, const char *what) {
    reply_error_is(reply, "{\"ok\":false,\"error\":\"", code, what);
}

/* The trees: a counter component (20 nodes counting text and props as the
 * component renders them) and a small keyed list. */
static char *counter(int n) {
    char *s = malloc(1024);
    snprintf(s, 1024,
             "{\"type\":\"Element\",\"tag\":\"div\",\"props\":{\"class\":\"counter\"},\"children\":["
             "{\"type\":\"Element\",\"tag\":\"h1\",\"props\":{},\"children\":[{\"type\":\"Text\",\"content\":\"Counter\"}]},"
             "{\"type\":\"Element\",\"tag\":\"p\",\"props\":{\"class\":\"value\"},\"children\":[{\"type\":\"Text\",\"content\":\"Count: %d\"}]},"
             "{\"type\":\"Element\",\"tag\":\"button\",\"props\":{\"id\":\"inc\"},\"children\":[{\"type\":\"Text\",\"content\":\"+\"}]},"
             "{\"type\":\"Element\",\"tag\":\"button\",\"props\":{\"id\":\"dec\"},\"children\":[{\"type\":\"Text\",\"content\":\"-\"}]},"
             "null]}",
             n);
    return s;
}

static char *count_change(int from, int to) {
    char *s = malloc(256);
    snprintf(s, 256, "{\"component_id\":\"counter\",\"state_key\":\"count\",\"old_value\":%d,\"new_value\":%d}", from, to);
    return s;
}

static const char *LIST_OLD =
    "{\"type\":\"Element\",\"tag\":\"ul\",\"props\":{},\"children\":["
    "{\"type\":\"Element\",\"tag\":\"li\",\"props\":{},\"key\":\"a\",\"children\":[{\"type\":\"Text\",\"content\":\"A\"}]},"
    "{\"type\":\"Element\",\"tag\":\"li\",\"props\":{},\"key\":\"b\",\"children\":[{\"type\":\"Text\",\"content\":\"B\"}]},"
    "{\"type\":\"Element\",\"tag\":\"li\",\"props\":{},\"key\":\"c\",\"children\":[{\"type\":\"Text\",\"content\":\"C\"}]}]}";
static const char *LIST_NEW =
    "{\"type\":\"Element\",\"tag\":\"ul\",\"props\":{\"class\":\"done\"},\"children\":["
    "{\"type\":\"Element\",\"tag\":\"li\",\"props\":{},\"key\":\"c\",\"children\":[{\"type\":\"Text\",\"content\":\"C!\"}]},"
    "{\"type\":\"Element\",\"tag\":\"li\",\"props\":{},\"key\":\"a\",\"children\":[{\"type\":\"Text\",\"content\":\"A\"}]},"
    "{\"type\":\"Fragment\",\"children\":[{\"type\":\"Element\",\"tag\":\"li\",\"props\":{},\"key\":\"d\",\"children\":[]}]}]}";

static const char *TEXT_A = "{\"type\":\"Text\",\"content\":\"a\"}";

/* repeat returns head + n copies of mid + tail, as a new string. */
static char *repeat(const char *head, const char *mid, size_t n, const char *tail) {
    size_t hl = strlen(head), ml = strlen(mid), tl = strlen(tail);
    char *s = malloc(hl + ml * n + tl + 1), *p = s;
    memcpy(p, head, hl);
    p += hl;
    for (size_t i = 0; i < n; i++, p += ml) memcpy(p, mid, ml);
    memcpy(p, tail, tl + 1);
    return s;
}

/* canonical returns the library's canonical form of a tree (applying no
 * patches), for comparing trees. */
static char *canonical(const char *tree) {
    char *c = minimact_apply_patches(tree, "[]");
    CHECK(c && c[0] == '{' && !starts(c, "{\"error\""), "canonical: %s", c ? c : "(NULL)");
    return c;
}

/* ---- single-threaded tests of every export ---- */

static void test_version(void) {
    char *v = minimact_version();
    CHECK(v && strcmp(v, MINIMACT_VERSION) == 0, "version %s", v ? v : "(NULL)");
    minimact_free_string(v);
    CHECK(minimact_abi_version() == MINIMACT_ABI_VERSION, "abi version %u", minimact_abi_version());
}

static void test_reconcile(void) {
    char *r = minimact_reconcile(LIST_OLD, LIST_NEW);
    CHECK(r && r[0] == '[' && strstr(r, "\"ReorderChildren\"") && strstr(r, "\"UpdateProps\""),
          "reconcile list: %s", r ? r : "(NULL)");
    /* apply(old, reconcile(old, new)) == new */
    char *applied = minimact_apply_patches(LIST_OLD, r);
    char *want = canonical(LIST_NEW);
    CHECK(applied && want && strcmp(applied, want) == 0, "apply(reconcile) = %s\nwant %s", applied, want);
    minimact_free_string(applied);
    minimact_free_string(want);
    minimact_free_string(r);

    char *c1 = counter(1), *c2 = counter(2);
    r = minimact_reconcile(c1, c2);
    CHECK(r && strcmp(r, "[{\"type\":\"UpdateText\",\"path\":[1,0],\"content\":\"Count: 2\"}]") == 0,
          "reconcile counter: %s", r ? r : "(NULL)");
    minimact_free_string(r);
    r = minimact_reconcile(c1, c1);
    CHECK(r && strcmp(r, "[]") == 0, "reconcile same: %s", r ? r : "(NULL)");
    minimact_free_string(r);

    /* bad input of every kind */
    error_is(minimact_reconcile(NULL, c1), MINIMACT_NULL_POINTER, "reconcile NULL old");
    error_is(minimact_reconcile(c1, NULL), MINIMACT_NULL_POINTER, "reconcile NULL new");
    error_is(minimact_reconcile("{\"type\":\"Text\",\"content\":\"\xff\xfe\"}", c1), MINIMACT_INVALID_UTF8, "reconcile bad UTF-8 in a string");
    error_is(minimact_reconcile("{\"type\":\"Text\"}\xc3", c1), MINIMACT_INVALID_UTF8, "reconcile bad UTF-8 outside strings");
    error_is(minimact_reconcile("{\"type\":\"Text\",\"content\":\"\xed\xa0\x80\"}", c1), MINIMACT_INVALID_UTF8, "reconcile surrogate in UTF-8");
    error_is(minimact_reconcile("", c1), MINIMACT_SERIALIZATION, "reconcile empty");
    error_is(minimact_reconcile("{\"type\":\"Text\"", c1), MINIMACT_SERIALIZATION, "reconcile truncated");
    error_is(minimact_reconcile("{\"type\":", c1), MINIMACT_INVALID_VNODE, "reconcile type not a string");
    error_is(minimact_reconcile("{\"type\":\"Text\"} x", c1), MINIMACT_SERIALIZATION, "reconcile trailing data");
    error_is(minimact_reconcile("[1,2]", c1), MINIMACT_INVALID_VNODE, "reconcile array root");
    error_is(minimact_reconcile("{\"type\":\"Blink\"}", c1), MINIMACT_INVALID_VNODE, "reconcile unknown type");
    error_is(minimact_reconcile("{\"type\":\"Element\"}", c1), MINIMACT_INVALID_VNODE, "reconcile element without tag");

    char *deep = repeat("", "{\"type\":\"Element\",\"tag\":\"div\",\"children\":[", 150, "");
    error_is(minimact_reconcile(deep, c1), MINIMACT_TREE_TOO_DEEP, "reconcile 150 deep");
    free(deep);
    char *deeper = repeat("{\"type\":\"Text\",\"x\":", "[", 1000000, "");
    error_is(minimact_reconcile(deeper, c1), MINIMACT_TREE_TOO_DEEP, "reconcile 1e6 deep in an ignored member");
    free(deeper);
    char *huge = repeat("{\"type\":\"Text\",\"content\":\"", "xxxxxxxxxxxxxxxx", 1 << 17, "\"}");
    error_is(minimact_reconcile(huge, c1), MINIMACT_JSON_TOO_LARGE, "reconcile 2 MiB");
    free(huge);
    char *wide = repeat("{\"type\":\"Element\",\"tag\":\"ul\",\"children\":[null", ",null", 1500, "]}");
    error_is(minimact_reconcile(wide, c1), MINIMACT_TOO_MANY_CHILDREN, "reconcile 1501 children");
    free(wide);
    char *longtag = repeat("{\"type\":\"Element\",\"tag\":\"", "t", 300, "\"}");
    error_is(minimact_reconcile(longtag, c1), MINIMACT_PROPERTY_TOO_LONG, "reconcile long tag");
    free(longtag);
    error_is(minimact_reconcile("{\"type\":\"Text\",\"content\":\"a\\u0000\"}  \x01", c1), MINIMACT_SERIALIZATION, "reconcile control byte");

    /* configurable validation */
    char *d5 = repeat("", "{\"type\":\"Element\",\"tag\":\"div\",\"children\":[", 5, "]}]}]}]}]}");
    r = minimact_reconcile_with_validation(d5, d5, 10, 0);
    CHECK(r && strcmp(r, "[]") == 0, "with_validation ok: %s", r ? r : "(NULL)");
    minimact_free_string(r);
    error_is(minimact_reconcile_with_validation(d5, d5, 3, 0), MINIMACT_TREE_TOO_DEEP, "with_validation depth 3");
    error_is(minimact_reconcile_with_validation(d5, d5, 0, 2), MINIMACT_TREE_TOO_LARGE, "with_validation 2 nodes");
    error_is(minimact_reconcile_with_validation(d5, NULL, 0, 0), MINIMACT_NULL_POINTER, "with_validation NULL");
    error_is(minimact_reconcile_with_validation(d5, d5, (uintptr_t)1 << 40, 0), MINIMACT_SERIALIZATION, "with_validation absurd depth");
    error_is(minimact_reconcile_safe(c1, c2, 40), MINIMACT_JSON_TOO_LARGE, "safe 40 bytes");
    r = minimact_reconcile_safe(c1, c2, 0);
    CHECK(r && r[0] == '[', "safe default: %s", r ? r : "(NULL)");
    minimact_free_string(r);
    r = minimact_reconcile_with_limits(c1, c2, NULL);
    CHECK(r && r[0] == '[', "with_limits NULL: %s", r ? r : "(NULL)");
    minimact_free_string(r);
    r = minimact_reconcile_with_limits(d5, d5, "{\"max_tree_depth\":5,\"max_node_count\":0}");
    CHECK(r && strcmp(r, "[]") == 0, "with_limits ok: %s", r ? r : "(NULL)");
    minimact_free_string(r);
    error_is(minimact_reconcile_with_limits(d5, d5, "{\"max_tree_depth\":2}"), MINIMACT_TREE_TOO_DEEP, "with_limits depth 2");
    error_is(minimact_reconcile_with_limits(c1, c2, "{\"max_text_length\":3}"), MINIMACT_TEXT_TOO_LONG, "with_limits text 3");
    error_is(minimact_reconcile_with_limits(c1, c2, "{\"max_tree_depth\":-1}"), MINIMACT_SERIALIZATION, "with_limits negative");
    error_is(minimact_reconcile_with_limits(c1, c2, "{\"max_depth\":3}"), MINIMACT_SERIALIZATION, "with_limits unknown member");
    error_is(minimact_reconcile_with_limits(c1, c2, "{\"max_tree_depth\":"), MINIMACT_SERIALIZATION, "with_limits malformed");
    error_is(minimact_reconcile_with_limits(c1, c2, "\xff"), MINIMACT_INVALID_UTF8, "with_limits bad UTF-8");
    char *deeplim = repeat("{\"max_tree_depth\":", "[", 100000, "");
    error_is(minimact_reconcile_with_limits(c1, c2, deeplim), MINIMACT_JSON_TOO_LARGE, "with_limits 100 KB");
    free(deeplim);
    deeplim = repeat("{\"max_tree_depth\":", "[", 20000, "");
    error_is(minimact_reconcile_with_limits(c1, c2, deeplim), MINIMACT_SERIALIZATION, "with_limits 20000 deep");
    free(deeplim);
    free(d5);
    free(c1);
    free(c2);
}

static void test_verify_apply(void) {
    const char *tree = LIST_OLD;
    result_is(minimact_verify_patch(tree, "{\"type\":\"UpdateText\",\"path\":[0,0],\"content\":\"x\"}"), 0, "verify ok");
    result_is(minimact_verify_patch(tree, "[{\"type\":\"Remove\",\"path\":[0]},{\"type\":\"Remove\",\"path\":[0]}]"), 0, "verify list ok");
    result_is(minimact_verify_patch(tree, "[]"), 0, "verify empty list");
    result_is(minimact_verify_patch(tree, "[{\"type\":\"Remove\",\"path\":[0]},{\"type\":\"Remove\",\"path\":[2]}]"), MINIMACT_INVALID_PATH, "verify list: path gone after the first");
    result_is(minimact_verify_patch(tree, "{\"type\":\"Remove\",\"path\":[7]}"), MINIMACT_INVALID_PATH, "verify bad path");
    result_is(minimact_verify_patch(tree, "{\"type\":\"UpdateProps\",\"path\":[0,0],\"props\":{}}"), MINIMACT_PATCH_TYPE_MISMATCH, "verify props on text");
    result_is(minimact_verify_patch(tree, "{\"type\":\"ReorderChildren\",\"path\":[],\"order\":[\"zz\"]}"), MINIMACT_KEY_NOT_FOUND, "verify unknown key");
    result_is(minimact_verify_patch(tree, "{\"type\":\"Teleport\",\"path\":[]}"), MINIMACT_INVALID_VNODE, "verify unknown patch");
    result_is(minimact_verify_patch(tree, "{\"type\":\"Remove\"}"), MINIMACT_INVALID_VNODE, "verify no path");
    result_is(minimact_verify_patch(tree, "{\"type\":\"Remove\",\"path\":[0]"), MINIMACT_SERIALIZATION, "verify malformed");
    result_is(minimact_verify_patch(NULL, "[]"), MINIMACT_NULL_POINTER, "verify NULL tree");
    result_is(minimact_verify_patch(tree, NULL), MINIMACT_NULL_POINTER, "verify NULL patch");
    result_is(minimact_verify_patch(tree, "[\"\xc0\"]"), MINIMACT_INVALID_UTF8, "verify bad UTF-8");

    char *r = minimact_apply_patches(TEXT_A, "[{\"type\":\"UpdateText\",\"path\":[],\"content\":\"b\"}]");
    CHECK(r && strcmp(r, "{\"type\":\"Text\",\"content\":\"b\"}") == 0, "apply: %s", r ? r : "(NULL)");
    minimact_free_string(r);
    r = minimact_apply_patches(TEXT_A, "{\"type\":\"Replace\",\"path\":[],\"node\":{\"type\":\"RawHtml\",\"html\":\"<b>x</b>\"}}");
    CHECK(r && strstr(r, "RawHtml"), "apply one patch: %s", r ? r : "(NULL)");
    minimact_free_string(r);
    error_is(minimact_apply_patches(tree, "[{\"type\":\"Remove\",\"path\":[9]}]"), MINIMACT_INVALID_PATH, "apply bad path");
    error_is(minimact_apply_patches(NULL, "[]"), MINIMACT_NULL_POINTER, "apply NULL");
    error_is(minimact_apply_patches(tree, "[{\"type\":\"Remove\",\"path\":[0]}"), MINIMACT_SERIALIZATION, "apply malformed");
    error_is(minimact_apply_patches(tree, "not json"), MINIMACT_INVALID_VNODE, "apply not a list");
}

/* learn_counter teaches h the counter's increments from..to-1. */
static void learn_counter(MinimactHandle h, int from, int to) {
    for (int i = from; i < to; i++) {
        char *sc = count_change(i, i + 1), *o = counter(i), *n = counter(i + 1);
        result_is(minimact_predictor_learn(h, sc, o, n), 0, "learn counter");
        free(sc);
        free(o);
        free(n);
    }
}

static void test_render_html(void) {
    char *c1 = counter(1);
    char *h = minimact_render_html(c1);
    CHECK(h && strcmp(h, "<div class=\"counter\"><h1>Counter</h1><p class=\"value\">Count: 1</p>"
                         "<button id=\"inc\">+</button><button id=\"dec\">-</button></div>") == 0,
          "render_html counter: %s", h ? h : "(NULL)");
    minimact_free_string(h);
    free(c1);
    h = minimact_render_html(LIST_NEW);
    CHECK(h && strstr(h, "<li data-key=\"c\">C!</li>") && strstr(h, "<li data-key=\"d\"></li>"), "render_html list: %s", h ? h : "(NULL)");
    minimact_free_string(h);
    h = minimact_render_html("{\"type\":\"Text\",\"content\":\"\"}");
    CHECK(h && h[0] == 0, "render_html empty text: %s", h ? h : "(NULL)");
    minimact_free_string(h);
    error_is(minimact_render_html("{\"type\":\"Element\",\"tag\":\"br\",\"children\":[{\"type\":\"Text\",\"content\":\"x\"}]}"),
             MINIMACT_UNREPRESENTABLE_HTML, "render_html br with a child");
    error_is(minimact_render_html(NULL), MINIMACT_NULL_POINTER, "render_html NULL");
    error_is(minimact_render_html("{\"type\":\"Text\",\"content\":\"\xff\"}"), MINIMACT_INVALID_UTF8, "render_html bad UTF-8");
    /* the node view through the limits object */
    const char *o = "{\"type\":\"Element\",\"tag\":\"p\",\"children\":[{\"type\":\"Text\",\"content\":\"n=\"},{\"type\":\"Text\",\"content\":\"1\"}]}";
    const char *n = "{\"type\":\"Element\",\"tag\":\"p\",\"children\":[{\"type\":\"Text\",\"content\":\"n=\"},{\"type\":\"Text\",\"content\":\"2\"}]}";
    char *r = minimact_reconcile(o, n);
    CHECK(r && strcmp(r, "[{\"type\":\"UpdateText\",\"path\":[0],\"content\":\"n=2\"}]") == 0, "reconcile html view: %s", r ? r : "(NULL)");
    minimact_free_string(r);
    r = minimact_reconcile_with_limits(o, n, "{\"dom_view\":\"nodes\"}");
    CHECK(r && strcmp(r, "[{\"type\":\"UpdateText\",\"path\":[1],\"content\":\"2\"}]") == 0, "reconcile nodes view: %s", r ? r : "(NULL)");
    minimact_free_string(r);
    error_is(minimact_reconcile_with_limits(o, n, "{\"dom_view\":\"dom\"}"), MINIMACT_SERIALIZATION, "with_limits unknown view");
}

static void test_predictor(void) {
    MinimactHandle h = minimact_predictor_new();
    CHECK(h != 0, "predictor_new");
    MinimactHandle h2 = minimact_predictor_new_with_config(0.5f, 10);
    CHECK(h2 != 0 && h2 != h, "new_with_config %lu", (unsigned long)h2);
    CHECK(minimact_predictor_new_with_config(NAN, 10) == 0, "new_with_config NaN");
    CHECK(minimact_predictor_new_with_config(1.5f, 10) == 0, "new_with_config 1.5");
    CHECK(minimact_predictor_new_with_config(-0.1f, 10) == 0, "new_with_config -0.1");

    MinimactHandle h3 = 77;
    result_is(minimact_predictor_create(NULL, &h3), 0, "create NULL config");
    CHECK(h3 != 0 && h3 != 77, "create stored %lu", (unsigned long)h3);
    MinimactHandle h4 = 77;
    result_is(minimact_predictor_create("{\"min_confidence\":0.6,\"max_patterns_per_key\":50,\"eviction\":\"least_observed\",\"limits\":{\"max_tree_depth\":50}}", &h4), 0, "create config");
    char *cfg = minimact_predictor_config(h4);
    CHECK(cfg && strstr(cfg, "\"min_confidence\":0.6") && strstr(cfg, "\"least_observed\"") && strstr(cfg, "\"max_tree_depth\":50"), "config: %s", cfg ? cfg : "(NULL)");
    minimact_free_string(cfg);
    MinimactHandle bad = 77;
    result_is(minimact_predictor_create("{\"min_confidence\":2}", &bad), MINIMACT_SERIALIZATION, "create bad confidence");
    CHECK(bad == 0, "create failure stores 0");
    result_is(minimact_predictor_create("{\"eviction\":\"random\"}", &bad), MINIMACT_SERIALIZATION, "create bad eviction");
    result_is(minimact_predictor_create("{\"colour\":1}", &bad), MINIMACT_SERIALIZATION, "create unknown member");
    result_is(minimact_predictor_create("{", &bad), MINIMACT_SERIALIZATION, "create malformed");
    result_is(minimact_predictor_create("\"\xff\"", &bad), MINIMACT_INVALID_UTF8, "create bad UTF-8");
    result_is(minimact_predictor_create(NULL, NULL), MINIMACT_NULL_POINTER, "create NULL out");

    /* learn then predict */
    learn_counter(h, 0, 12);
    char *sc = count_change(20, 21), *cur = counter(20);
    char *p = minimact_predictor_predict(h, sc, cur);
    CHECK(starts(p, "{\"ok\":true,\"data\":{\"state_change\":{") && strstr(p, "\"predicted_patches\":[") &&
              strstr(p, "\"confidence\":") && strstr(p, "\"predicted_tree\":") && strstr(p, "UpdateText"),
          "predict: %s", p ? p : "(NULL)");
    minimact_free_string(p);
    int correct = -1;
    char *next = counter(21);
    result_is(minimact_predictor_verify_prediction(h, sc, next, &correct), 0, "verify_prediction");
    CHECK(correct == 0 || correct == 1, "verify_prediction stored %d", correct);
    result_is(minimact_predictor_verify_prediction(h, sc, next, NULL), MINIMACT_NULL_POINTER, "verify_prediction NULL out");
    result_is(minimact_predictor_verify_prediction(h, NULL, next, &correct), MINIMACT_NULL_POINTER, "verify_prediction NULL");
    free(next);

    /* none: a state key never seen */
    p = minimact_predictor_predict(h, "{\"component_id\":\"other\",\"state_key\":\"x\",\"old_value\":1,\"new_value\":2}", cur);
    CHECK(starts(p, "{\"ok\":false,\"error\":") && code_in(p) == 0, "predict none: %s", p ? p : "(NULL)");
    minimact_free_string(p);

    /* bad input */
    result_is(minimact_predictor_learn(h, NULL, cur, cur), MINIMACT_NULL_POINTER, "learn NULL state change");
    result_is(minimact_predictor_learn(h, sc, cur, NULL), MINIMACT_NULL_POINTER, "learn NULL new tree");
    result_is(minimact_predictor_learn(h, sc, "{\"type\":\"Text\",\"content\":\"\x80\"}", cur), MINIMACT_INVALID_UTF8, "learn bad UTF-8");
    result_is(minimact_predictor_learn(h, "{\"component_id\":\"\xc3\x28\"}", cur, cur), MINIMACT_INVALID_UTF8, "learn bad UTF-8 state change");
    result_is(minimact_predictor_learn(h, sc, "{\"type\":\"Blink\"}", cur), MINIMACT_INVALID_VNODE, "learn bad tree");
    MinimactResult r = minimact_predictor_learn(h, "not json", cur, cur);
    CHECK(r.code != 0 && r.message != NULL, "learn bad state change: %d", r.code);
    minimact_free_error(r.message);
    char *deep = repeat("", "{\"type\":\"Element\",\"tag\":\"div\",\"children\":[", 150, "");
    result_is(minimact_predictor_learn(h, sc, deep, cur), MINIMACT_TREE_TOO_DEEP, "learn deep tree");
    p = minimact_predictor_predict(h, sc, deep);
    CHECK(starts(p, "{\"ok\":false,") && code_in(p) == MINIMACT_TREE_TOO_DEEP, "predict deep: %s", p ? p : "(NULL)");
    minimact_free_string(p);
    free(deep);
    p = minimact_predictor_predict(h, NULL, cur);
    CHECK(starts(p, "{\"ok\":false,") && code_in(p) == MINIMACT_NULL_POINTER, "predict NULL: %s", p ? p : "(NULL)");
    minimact_free_string(p);

    /* stats, metrics, memory */
    char *st = minimact_predictor_stats(h);
    const char *fields[] = {"unique_state_keys", "total_patterns", "total_observations", "estimated_memory_bytes",
                            "total_predictions", "correct_predictions", "incorrect_predictions", "hit_rate",
                            "avg_confidence", "active_patterns", "prediction_hits"};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        char want[64];
        snprintf(want, sizeof want, "\"%s\":", fields[i]);
        CHECK(st && strstr(st, want), "stats lacks %s: %s", fields[i], st ? st : "(NULL)");
    }
    minimact_free_string(st);
    char *m = minimact_predictor_metrics(h);
    CHECK(m && m[0] == '{' && !starts(m, "{\"error\""), "predictor_metrics: %s", m ? m : "(NULL)");
    minimact_free_string(m);
    result_is(minimact_predictor_reset_metrics(h), 0, "reset_metrics");
    m = minimact_predictor_memory_stats(h);
    CHECK(m && m[0] == '{' && !starts(m, "{\"error\""), "memory_stats: %s", m ? m : "(NULL)");
    minimact_free_string(m);

    /* batch */
    char *o = counter(30), *n = counter(31), *sc2 = count_change(30, 31);
    size_t bl = strlen(o) * 4 + strlen(sc2) * 2 + 400;
    char *batch = malloc(bl);
    snprintf(batch, bl, "[{\"state_change\":%s,\"old_tree\":%s,\"new_tree\":%s}]", sc2, o, n);
    result_is(minimact_predictor_learn_batch(h, batch), 0, "learn_batch");
    snprintf(batch, bl, "[{\"state_change\":%s,\"old_tree\":%s,\"new_tree\":%s},{\"state_change\":%s,\"old_tree\":{\"type\":\"Blink\"},\"new_tree\":%s}]", sc2, o, n, sc2, n);
    r = minimact_predictor_learn_batch(h, batch);
    CHECK(r.code != 0 && r.message && strstr(r.message, "learned 1 entries"), "learn_batch partial: %d %s", r.code, r.message ? r.message : "");
    minimact_free_error(r.message);
    result_is(minimact_predictor_learn_batch(h, NULL), MINIMACT_NULL_POINTER, "learn_batch NULL");
    r = minimact_predictor_learn_batch(h, "{\"not\":\"an array\"}");
    CHECK(r.code != 0 && r.message != NULL, "learn_batch not an array: %d", r.code);
    minimact_free_error(r.message);
    free(batch);
    free(o);
    free(n);
    free(sc2);

    /* save and load */
    char *snap = minimact_predictor_save(h);
    CHECK(snap && snap[0] == '{' && !starts(snap, "{\"error\""), "save: %.200s", snap ? snap : "(NULL)");
    MinimactHandle hl = minimact_predictor_load(snap);
    CHECK(hl != 0, "load");
    p = minimact_predictor_predict(hl, sc, cur);
    CHECK(starts(p, "{\"ok\":true"), "predict after load: %s", p ? p : "(NULL)");
    minimact_free_string(p);
    MinimactHandle ht = 0;
    result_is(minimact_predictor_try_load(snap, &ht), 0, "try_load");
    CHECK(ht != 0, "try_load handle");
    result_is(minimact_predictor_destroy(ht), 0, "destroy try_load");
    minimact_free_string(snap);
    CHECK(minimact_predictor_load("{\"garbage\":true}") == 0, "load garbage");
    CHECK(minimact_predictor_load(NULL) == 0, "load NULL");
    CHECK(minimact_predictor_load("\xff") == 0, "load bad UTF-8");
    r = minimact_predictor_try_load("{\"garbage\":true}", &ht);
    CHECK(r.code != 0 && r.message && ht == 0, "try_load garbage: %d", r.code);
    minimact_free_error(r.message);
    result_is(minimact_predictor_try_load(NULL, &ht), MINIMACT_NULL_POINTER, "try_load NULL");
    result_is(minimact_predictor_try_load("{}", NULL), MINIMACT_NULL_POINTER, "try_load NULL out");

    /* serialize and deserialize */
    uint8_t *bytes = (uint8_t *)1;
    uintptr_t len = 99;
    result_is(minimact_predictor_serialize(h, &bytes, &len), 0, "serialize");
    CHECK(bytes != NULL && len > 0, "serialize gave %p %lu", (void *)bytes, (unsigned long)len);
    MinimactHandle hd = 0;
    result_is(minimact_predictor_deserialize(bytes, len, NULL, &hd), 0, "deserialize");
    CHECK(hd != 0, "deserialize handle");
    p = minimact_predictor_predict(hd, sc, cur);
    CHECK(starts(p, "{\"ok\":true"), "predict after deserialize: %s", p ? p : "(NULL)");
    minimact_free_string(p);
    result_is(minimact_predictor_destroy(hd), 0, "destroy deserialized");
    result_is(minimact_predictor_deserialize(bytes, len, "{\"min_confidence\":0.9}", &hd), 0, "deserialize with config");
    result_is(minimact_predictor_destroy(hd), 0, "destroy deserialized");
    uint8_t *copy = malloc(len);
    memcpy(copy, bytes, len);
    copy[len / 2] ^= 0x5a;
    result_is(minimact_predictor_deserialize(copy, len, NULL, &hd), MINIMACT_PERSISTENCE, "deserialize damaged");
    CHECK(hd == 0, "deserialize failure stores 0");
    result_is(minimact_predictor_deserialize(copy, 3, NULL, &hd), MINIMACT_PERSISTENCE, "deserialize truncated");
    result_is(minimact_predictor_deserialize(NULL, 10, NULL, &hd), MINIMACT_NULL_POINTER, "deserialize NULL");
    result_is(minimact_predictor_deserialize(copy, len, NULL, NULL), MINIMACT_NULL_POINTER, "deserialize NULL out");
    result_is(minimact_predictor_deserialize(copy, len, "{\"min_confidence\":7}", &hd), MINIMACT_SERIALIZATION, "deserialize bad config");
    result_is(minimact_predictor_deserialize(copy, (uintptr_t)1 << 40, NULL, &hd), MINIMACT_MEMORY_LIMIT_EXCEEDED, "deserialize 1 TB");
    /* merge: what another predictor learned */
    MinimactHandle hm = minimact_predictor_new();
    result_is(minimact_predictor_merge(hm, bytes, (size_t)len), 0, "merge");
    p = minimact_predictor_predict(hm, sc, cur);
    CHECK(starts(p, "{\"ok\":true"), "predict after merge: %s", p ? p : "(NULL)");
    minimact_free_string(p);
    result_is(minimact_predictor_merge(hm, copy, (size_t)len), MINIMACT_PERSISTENCE, "merge damaged");
    result_is(minimact_predictor_merge(hm, NULL, 10), MINIMACT_NULL_POINTER, "merge NULL");
    result_is(minimact_predictor_merge(hm, copy, (size_t)1 << 40), MINIMACT_MEMORY_LIMIT_EXCEEDED, "merge 1 TB");
    result_is(minimact_predictor_destroy(hm), 0, "destroy merged");
    result_is(minimact_predictor_merge(hm, bytes, (size_t)len), MINIMACT_INVALID_HANDLE, "merge stale");
    free(copy);
    minimact_free_bytes(bytes);
    result_is(minimact_predictor_serialize(h, NULL, &len), MINIMACT_NULL_POINTER, "serialize NULL bytes");
    result_is(minimact_predictor_serialize(h, &bytes, NULL), MINIMACT_NULL_POINTER, "serialize NULL len");

    /* clear forgets */
    result_is(minimact_predictor_clear(h), 0, "clear");
    p = minimact_predictor_predict(h, sc, cur);
    CHECK(starts(p, "{\"ok\":false") && code_in(p) == 0, "predict after clear: %s", p ? p : "(NULL)");
    minimact_free_string(p);

    /* global metrics */
    char *g = minimact_global_metrics();
    CHECK(g && strstr(g, "\"predictor_count\":") && strstr(g, "\"total_memory_bytes\":") && strstr(g, "\"reconcile_calls\":"),
          "global_metrics: %s", g ? g : "(NULL)");
    minimact_free_string(g);

    /* unknown and destroyed handles */
    MinimactHandle handles_[] = {h, h2, h3, h4, hl};
    for (size_t i = 0; i < 5; i++) result_is(minimact_predictor_destroy(handles_[i]), 0, "destroy");
    for (size_t i = 0; i < 5; i++) result_is(minimact_predictor_destroy(handles_[i]), MINIMACT_INVALID_HANDLE, "destroy twice");
    MinimactHandle stale[] = {0, h, 123456789, (MinimactHandle)-1};
    for (size_t i = 0; i < 4; i++) {
        MinimactHandle x = stale[i];
        result_is(minimact_predictor_learn(x, sc, cur, cur), MINIMACT_INVALID_HANDLE, "learn stale");
        p = minimact_predictor_predict(x, sc, cur);
        CHECK(starts(p, "{\"ok\":false,") && code_in(p) == MINIMACT_INVALID_HANDLE, "predict stale: %s", p ? p : "(NULL)");
        minimact_free_string(p);
        error_is(minimact_predictor_stats(x), MINIMACT_INVALID_HANDLE, "stats stale");
        error_is(minimact_predictor_save(x), MINIMACT_INVALID_HANDLE, "save stale");
        error_is(minimact_predictor_metrics(x), MINIMACT_INVALID_HANDLE, "metrics stale");
        error_is(minimact_predictor_memory_stats(x), MINIMACT_INVALID_HANDLE, "memory_stats stale");
        error_is(minimact_predictor_config(x), MINIMACT_INVALID_HANDLE, "config stale");
        result_is(minimact_predictor_reset_metrics(x), MINIMACT_INVALID_HANDLE, "reset_metrics stale");
        result_is(minimact_predictor_clear(x), MINIMACT_INVALID_HANDLE, "clear stale");
        result_is(minimact_predictor_learn_batch(x, "[]"), MINIMACT_INVALID_HANDLE, "learn_batch stale");
        result_is(minimact_predictor_verify_prediction(x, sc, cur, &correct), MINIMACT_INVALID_HANDLE, "verify_prediction stale");
        result_is(minimact_predictor_serialize(x, &bytes, &len), MINIMACT_INVALID_HANDLE, "serialize stale");
        CHECK(bytes == NULL && len == 0, "serialize failure stores NULL, 0");
        result_is(minimact_predictor_destroy(x), MINIMACT_INVALID_HANDLE, "destroy stale");
    }
    /* handles are never reused */
    MinimactHandle fresh = minimact_predictor_new();
    CHECK(fresh > hl && fresh > h4, "handle %lu reused an old one", (unsigned long)fresh);
    result_is(minimact_predictor_destroy(fresh), 0, "destroy fresh");
    free(sc);
    free(cur);

    /* frees of NULL are no-ops */
    minimact_free_string(NULL);
    minimact_free_error(NULL);
    minimact_free_bytes(NULL);
}

static void test_logging_metrics(void) {
    minimact_logging_clear();
    minimact_logging_enable();
    minimact_logging_set_level(MINIMACT_LOG_TRACE);
    char *r = minimact_reconcile(TEXT_A, "{\"type\":\"Blink\"}");
    minimact_free_string(r);
    r = minimact_reconcile(TEXT_A, TEXT_A);
    minimact_free_string(r);
    char *logs = minimact_logging_get_logs();
    CHECK(logs && logs[0] == '[' && strstr(logs, "\"level\":\"Warn\"") && strstr(logs, "\"module\":\"reconcile\"") &&
              strstr(logs, "\"elapsed_ms\":") && strstr(logs, "\"message\":") && strstr(logs, "Blink"),
          "logs: %s", logs ? logs : "(NULL)");
    minimact_free_string(logs);
    char *ev = minimact_get_log_events(1);
    CHECK(ev && ev[0] == '[' && strstr(ev, "\"seq\":") && !strstr(ev, "},{"), "one event: %s", ev ? ev : "(NULL)");
    minimact_free_string(ev);
    ev = minimact_get_log_events(1000);
    CHECK(ev && ev[0] == '[' && strlen(ev) > 2, "rest: %s", ev ? ev : "(NULL)");
    minimact_free_string(ev);
    ev = minimact_get_log_events(10);
    CHECK(ev && strcmp(ev, "[]") == 0, "drained: %s", ev ? ev : "(NULL)");
    minimact_free_string(ev);

    minimact_logging_set_level(MINIMACT_LOG_ERROR);
    r = minimact_reconcile(TEXT_A, "{");
    minimact_free_string(r);
    logs = minimact_logging_get_logs();
    CHECK(logs && strcmp(logs, "[]") == 0, "error level keeps no warning: %s", logs ? logs : "(NULL)");
    minimact_free_string(logs);
    minimact_logging_set_level(99); /* ignored */
    result_is(minimact_set_log_level(99), MINIMACT_SERIALIZATION, "set_log_level 99");
    result_is(minimact_set_log_level(MINIMACT_LOG_INFO), 0, "set_log_level info");
    minimact_logging_disable();
    r = minimact_reconcile(TEXT_A, "{");
    minimact_free_string(r);
    minimact_logging_clear();
    logs = minimact_logging_get_logs();
    CHECK(logs && strcmp(logs, "[]") == 0, "cleared: %s", logs ? logs : "(NULL)");
    minimact_free_string(logs);

    char *m = minimact_metrics_get();
    const char *fields[] = {"uptime_secs", "reconcile_calls", "reconcile_errors", "total_patches_generated",
                            "avg_reconcile_time_us", "p95_reconcile_time_us", "predictor_learns",
                            "predictor_learn_errors", "predictor_predictions", "predictor_prediction_hits",
                            "predictor_prediction_misses", "prediction_hit_rate", "avg_prediction_time_us",
                            "p95_prediction_time_us", "current_predictors", "max_predictors",
                            "evictions_performed", "validation_failures", "patches_validated",
                            "patch_validation_failures"};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        char want[64];
        snprintf(want, sizeof want, "\"%s\":", fields[i]);
        CHECK(m && strstr(m, want), "metrics lack %s: %s", fields[i], m ? m : "(NULL)");
    }
    CHECK(m && !strstr(m, "\"reconcile_calls\":0,"), "reconcile_calls counted: %s", m ? m : "(NULL)");
    minimact_free_string(m);
    minimact_metrics_reset();
    m = minimact_metrics_get();
    CHECK(m && strstr(m, "\"reconcile_calls\":0,") && strstr(m, "\"validation_failures\":0,"), "after reset: %s", m ? m : "(NULL)");
    minimact_free_string(m);
}

/* ---- 8 threads at once, with destroys racing the calls ---- */

#define THREADS 8
#define SLOTS 3
#define ROUNDS 3000

static _Atomic MinimactHandle slots[SLOTS];
static char *expected_list_patches;

struct worker {
    unsigned seed;
    long calls;
};

static unsigned next_rand(unsigned *s) {
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

/* test_hints: minimact_predictor_predict_hint composes changes in order
   (two increments give the counter at +2), echoes the hint id, and refuses
   bad input with codes; minimact_predictor_free destroys and ignores an
   unknown handle. */
static void test_hints(void) {
    MinimactHandle h = minimact_predictor_new();
    learn_counter(h, 0, 6);
    char *cur = counter(10), *want = counter(12), *a = count_change(10, 11), *b = count_change(11, 12);
    char changes[1024];
    snprintf(changes, sizeof changes, "[%s,%s]", a, b);
    char *p = minimact_predictor_predict_hint(h, "hover-inc", "counter", changes, cur);
    CHECK(starts(p, "{\"ok\":true,\"hint_id\":\"hover-inc\",\"data\":{"), "hint: %s", p ? p : "(NULL)");
    /* the patches of the hint, applied to the current tree, give the counter at 12 */
    const char *pp = p ? strstr(p, "\"predicted_patches\":") : NULL;
    CHECK(pp != NULL, "hint patches: %s", p ? p : "(NULL)");
    if (pp) {
        pp += strlen("\"predicted_patches\":");
        const char *end = strstr(pp, ",\"confidence\":");
        char *patches = strndup(pp, end ? (size_t)(end - pp) : 0);
        char *applied = minimact_apply_patches(cur, patches);
        char *wantc = canonical(want);
        CHECK(applied && wantc && strcmp(applied, wantc) == 0, "hint applied: %s want %s", applied ? applied : "(NULL)", wantc ? wantc : "(NULL)");
        minimact_free_string(applied);
        free(wantc);
        free(patches);
    }
    minimact_free_string(p);
    p = minimact_predictor_predict_hint(h, "h2", "counter", "[{\"state_key\":\"nothing\",\"old_value\":1,\"new_value\":2}]", cur);
    CHECK(starts(p, "{\"ok\":false,\"hint_id\":\"h2\"") && code_in(p) == 0, "silent hint: %s", p ? p : "(NULL)");
    minimact_free_string(p);
    predict_error_is(minimact_predictor_predict_hint(h, NULL, "counter", changes, cur), MINIMACT_NULL_POINTER, "hint NULL id");
    predict_error_is(minimact_predictor_predict_hint(h, "x", NULL, changes, cur), MINIMACT_NULL_POINTER, "hint NULL component");
    predict_error_is(minimact_predictor_predict_hint(h, "x", "counter", NULL, cur), MINIMACT_NULL_POINTER, "hint NULL changes");
    predict_error_is(minimact_predictor_predict_hint(h, "x", "counter", changes, NULL), MINIMACT_NULL_POINTER, "hint NULL tree");
    predict_error_is(minimact_predictor_predict_hint(h, "x", "counter", "[", cur), MINIMACT_SERIALIZATION, "hint bad JSON");
    predict_error_is(minimact_predictor_predict_hint(h, "x", "counter", "[]", cur), MINIMACT_SERIALIZATION, "hint empty");
    predict_error_is(minimact_predictor_predict_hint(h, "x", "other", changes, cur), MINIMACT_SERIALIZATION, "hint other component");
    predict_error_is(minimact_predictor_predict_hint(h, "\xff", "counter", changes, cur), MINIMACT_INVALID_UTF8, "hint bad UTF-8");
    minimact_predictor_free(h);
    predict_error_is(minimact_predictor_predict_hint(h, "x", "counter", changes, cur), MINIMACT_INVALID_HANDLE, "hint after free");
    result_is(minimact_predictor_destroy(h), MINIMACT_INVALID_HANDLE, "destroy after free");
    minimact_predictor_free(h);
    minimact_predictor_free(0);
    free(cur);
    free(want);
    free(a);
    free(b);
}

static void *hammer(void *arg) {
    struct worker *w = arg;
    char *c[4], *sc[4], hint[512];
    for (int i = 0; i < 4; i++) {
        c[i] = counter(i);
        sc[i] = count_change(i, i + 1);
    }
    for (int round = 0; round < ROUNDS; round++) {
        unsigned op = next_rand(&w->seed) % 16;
        int slot = next_rand(&w->seed) % SLOTS;
        MinimactHandle h = atomic_load(&slots[slot]);
        int k = next_rand(&w->seed) % 3;
        MinimactResult r;
        char *s;
        w->calls++;
        switch (op) {
        case 0: /* reconcile: always the same, exact answer */
            s = minimact_reconcile(LIST_OLD, LIST_NEW);
            CHECK(s && strcmp(s, expected_list_patches) == 0, "threaded reconcile: %s", s ? s : "(NULL)");
            minimact_free_string(s);
            break;
        case 1:
        case 2:
            r = minimact_predictor_learn(h, sc[k], c[k], c[k + 1]);
            CHECK(r.code == 0 || r.code == MINIMACT_INVALID_HANDLE, "threaded learn: %d %s", r.code, r.message ? r.message : "");
            minimact_free_error(r.message);
            break;
        case 3: /* a hint of one change, racing destroys like predict */
            snprintf(hint, sizeof hint, "[%s]", sc[k]);
            s = minimact_predictor_predict_hint(h, "h", "counter", hint, c[k]);
            CHECK(s && (starts(s, "{\"ok\":true,\"hint_id\":\"h\"") || (starts(s, "{\"ok\":false,") && (code_in(s) == 0 || code_in(s) == MINIMACT_INVALID_HANDLE))),
                  "threaded hint: %s", s ? s : "(NULL)");
            minimact_free_string(s);
            break;
        case 4:
            s = minimact_predictor_predict(h, sc[k], c[k]);
            CHECK(s && (starts(s, "{\"ok\":true,") || (starts(s, "{\"ok\":false,") && (code_in(s) == 0 || code_in(s) == MINIMACT_INVALID_HANDLE))),
                  "threaded predict: %s", s ? s : "(NULL)");
            minimact_free_string(s);
            break;
        case 5:
            s = minimact_predictor_stats(h);
            CHECK(s && (strstr(s, "\"total_patterns\":") || code_in(s) == MINIMACT_INVALID_HANDLE), "threaded stats: %s", s ? s : "(NULL)");
            minimact_free_string(s);
            break;
        case 6: { /* destroy the slot's predictor and put a new one there */
            MinimactHandle fresh = minimact_predictor_new();
            CHECK(fresh != 0, "threaded new");
            MinimactHandle old = atomic_exchange(&slots[slot], fresh);
            /* case 7 of another thread may have destroyed it already */
            r = minimact_predictor_destroy(old);
            CHECK(r.code == 0 || r.code == MINIMACT_INVALID_HANDLE, "threaded destroy: %d", r.code);
            minimact_free_error(r.message);
            break;
        }
        case 7: /* destroy a handle another thread may be destroying too */
            r = minimact_predictor_destroy(h);
            CHECK(r.code == 0 || r.code == MINIMACT_INVALID_HANDLE, "racing destroy: %d", r.code);
            minimact_free_error(r.message);
            if (r.code == 0) {
                MinimactHandle fresh = minimact_predictor_new();
                MinimactHandle expect = h;
                if (!atomic_compare_exchange_strong(&slots[slot], &expect, fresh)) {
                    result_is(minimact_predictor_destroy(fresh), 0, "destroy spare");
                }
            }
            break;
        case 8:
            s = minimact_predictor_save(h);
            CHECK(s && (s[0] == '{'), "threaded save: %.100s", s ? s : "(NULL)");
            if (s && !starts(s, "{\"error\"")) {
                MinimactHandle l = minimact_predictor_load(s);
                CHECK(l != 0, "threaded load");
                result_is(minimact_predictor_destroy(l), 0, "destroy loaded");
            } else {
                CHECK(code_in(s) == MINIMACT_INVALID_HANDLE, "threaded save: %s", s ? s : "(NULL)");
            }
            minimact_free_string(s);
            break;
        case 9:
            error_is(minimact_reconcile(NULL, LIST_OLD), MINIMACT_NULL_POINTER, "threaded NULL");
            error_is(minimact_reconcile("{\"type\":\"Text\",\"content\":\"\xfe\"}", LIST_OLD), MINIMACT_INVALID_UTF8, "threaded UTF-8");
            break;
        case 10:
            result_is(minimact_verify_patch(LIST_OLD, "{\"type\":\"Remove\",\"path\":[9]}"), MINIMACT_INVALID_PATH, "threaded verify");
            s = minimact_apply_patches(LIST_OLD, expected_list_patches);
            CHECK(s && starts(s, "{\"type\":\"Element\""), "threaded apply: %s", s ? s : "(NULL)");
            minimact_free_string(s);
            break;
        case 11: {
            uint8_t *b = NULL;
            uintptr_t n = 0;
            r = minimact_predictor_serialize(h, &b, &n);
            CHECK(r.code == 0 || r.code == MINIMACT_INVALID_HANDLE, "threaded serialize: %d", r.code);
            minimact_free_error(r.message);
            minimact_free_bytes(b);
            break;
        }
        case 12:
            s = minimact_metrics_get();
            CHECK(s && strstr(s, "\"reconcile_calls\":"), "threaded metrics");
            minimact_free_string(s);
            s = minimact_global_metrics();
            CHECK(s && strstr(s, "\"predictor_count\":"), "threaded global metrics");
            minimact_free_string(s);
            break;
        case 13:
            s = minimact_logging_get_logs();
            CHECK(s && s[0] == '[', "threaded logs");
            minimact_free_string(s);
            s = minimact_get_log_events(5);
            CHECK(s && s[0] == '[', "threaded events");
            minimact_free_string(s);
            break;
        case 14:
            r = minimact_predictor_clear(h);
            CHECK(r.code == 0 || r.code == MINIMACT_INVALID_HANDLE, "threaded clear: %d", r.code);
            minimact_free_error(r.message);
            r = minimact_predictor_reset_metrics(h);
            CHECK(r.code == 0 || r.code == MINIMACT_INVALID_HANDLE, "threaded reset: %d", r.code);
            minimact_free_error(r.message);
            break;
        default: {
            int correct;
            r = minimact_predictor_verify_prediction(h, sc[k], c[k + 1], &correct);
            /* KeyNotFound: no prediction of this change is waiting to be verified */
            CHECK(r.code == 0 || r.code == MINIMACT_INVALID_HANDLE || r.code == MINIMACT_KEY_NOT_FOUND,
                  "threaded verify_prediction: %d", r.code);
            minimact_free_error(r.message);
            break;
        }
        }
    }
    for (int i = 0; i < 4; i++) {
        free(c[i]);
        free(sc[i]);
    }
    return NULL;
}

static void test_threads(void) {
    expected_list_patches = minimact_reconcile(LIST_OLD, LIST_NEW);
    minimact_logging_enable();
    minimact_logging_set_level(MINIMACT_LOG_DEBUG);
    for (int i = 0; i < SLOTS; i++) atomic_store(&slots[i], minimact_predictor_new());
    pthread_t t[THREADS];
    struct worker w[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i].seed = 1234u + (unsigned)i * 7919u;
        w[i].calls = 0;
        CHECK(pthread_create(&t[i], NULL, hammer, &w[i]) == 0, "pthread_create");
    }
    long calls = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        calls += w[i].calls;
    }
    for (int i = 0; i < SLOTS; i++) result_is(minimact_predictor_destroy(atomic_load(&slots[i])), 0, "final destroy");
    char *m = minimact_metrics_get();
    CHECK(m && strstr(m, "\"current_predictors\":0,"), "predictors left alive: %s", m ? m : "(NULL)");
    minimact_free_string(m);
    minimact_logging_disable();
    minimact_free_string(expected_list_patches);
    printf("threads: %d threads, %ld mixed calls\n", THREADS, calls);
}

/* ---- injected panics, in child processes ---- */

/* panic_child runs in a child whose library panics at "where". */
static int panic_child(const char *where) {
    char *sc = count_change(1, 2), *c1 = counter(1), *c2 = counter(2);
    if (strcmp(where, "reconcile") == 0) {
        error_is(minimact_reconcile(c1, c2), MINIMACT_UNKNOWN, "panic in reconcile");
        error_is(minimact_reconcile(c1, c2), MINIMACT_UNKNOWN, "panic in reconcile again");
        result_is(minimact_verify_patch(TEXT_A, "[]"), 0, "verify still works");
    } else if (strcmp(where, "predictor") == 0) {
        MinimactHandle h = minimact_predictor_new();
        CHECK(h != 0, "new");
        result_is(minimact_predictor_learn(h, sc, c1, c2), MINIMACT_UNKNOWN, "panic in learn");
        char *p = minimact_predictor_predict(h, sc, c1);
        CHECK(starts(p, "{\"ok\":false,") && code_in(p) == MINIMACT_UNKNOWN, "panic in predict: %s", p ? p : "(NULL)");
        minimact_free_string(p);
        error_is(minimact_predictor_stats(h), MINIMACT_UNKNOWN, "panic in stats");
        /* the panics released the handle: destroy does not deadlock */
        result_is(minimact_predictor_destroy(h), 0, "destroy after panics");
    } else if (strcmp(where, "export") == 0) {
        CHECK(minimact_predictor_new() == 0, "panic in new gives 0");
        result_is(minimact_set_log_level(1), MINIMACT_UNKNOWN, "panic in set_log_level");
        minimact_logging_enable(); /* must return */
        CHECK(minimact_abi_version() == 0, "panic in abi_version gives 0");
        error_is(minimact_version(), MINIMACT_UNKNOWN, "panic in version");
    }
    /* every panic is logged, even with logging off */
    unsetenv("MINIMACT_TEST_PANIC");
    free(sc);
    free(c1);
    free(c2);
    if (strcmp(where, "export") != 0) {
        char *logs = minimact_logging_get_logs();
        CHECK(logs && strstr(logs, "injected fault") && strstr(logs, "\"level\":\"Error\""), "panic logged: %.300s", logs ? logs : "(NULL)");
        minimact_free_string(logs);
        char *m = minimact_metrics_get();
        CHECK(m && strstr(m, "\"panics_recovered\":") && !strstr(m, "\"panics_recovered\":0"), "panics counted: %s", m ? m : "(NULL)");
        minimact_free_string(m);
    }
    return atomic_load(&failures) ? 1 : 0;
}

static void test_panics(const char *self) {
    const char *where[] = {"reconcile", "predictor", "export"};
    for (size_t i = 0; i < 3; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            setenv("MINIMACT_TEST_PANIC", where[i], 1);
            execl(self, self, "--panic-child", where[i], (char *)NULL);
            _exit(127);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "panic child %s: status %d", where[i], status);
    }
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "--panic-child") == 0) {
        return panic_child(argv[2]);
    }
    test_version();
    test_reconcile();
    test_verify_apply();
    test_render_html();
    test_predictor();
    test_hints();
    test_logging_metrics();
    test_threads();
    test_panics("/proc/self/exe");
    int f = atomic_load(&failures);
    if (f) {
        fprintf(stderr, "abi_test: %d failures\n", f);
        return 1;
    }
    printf("abi_test: all checks passed\n");
    return 0;
}
