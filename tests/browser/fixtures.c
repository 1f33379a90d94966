/*
 * fixtures.c - turns re-render chains (tests/browser/chains) into fixture
 * files for the browser harness (run.mjs), through the C ABI only: for each
 * chain, minimact_render_html gives the first page and each step's expected
 * HTML, and minimact_reconcile (the html view) or
 * minimact_reconcile_with_limits with {"dom_view":"nodes"} (the node view)
 * each step's patches.
 *
 *   fixtures < chains-html.txt > chains-html.json
 *
 * Input: the records chains writes ("view V", "chain NAME", "tree JSON"...,
 * "end"). Output: {"view":V,"cases":[{"name","html","tree","steps":[{"patches",
 * "html","tree"}]}]} (tests/browser/README.md). Any error reply of the library
 * stops it with exit status 1: the chains hold only trees it must take.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "minimact.h"

static const char *view = NULL;
static long lineno = 0;

static void die(const char *what, const char *detail) {
    fprintf(stderr, "fixtures: line %ld: %s: %.500s\n", lineno, what, detail ? detail : "(NULL)");
    exit(1);
}

/* put_string writes s as a JSON string. */
static void put_string(FILE *out, const char *s) {
    static const char hex[] = "0123456789abcdef";
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20) {
                fprintf(out, "\\u00%c%c", hex[*p >> 4], hex[*p & 15]);
            } else {
                fputc(*p, out);
            }
        }
    }
    fputc('"', out);
}

/* html returns the tree's HTML, or dies on an error reply (which, and only
 * which, begins with '{'). */
static char *html(const char *tree) {
    char *h = minimact_render_html(tree);
    if (h == NULL || h[0] == '{') {
        die("minimact_render_html", h);
    }
    return h;
}

static char *patches(const char *old, const char *new) {
    char *p = strcmp(view, "nodes") == 0 ? minimact_reconcile_with_limits(old, new, "{\"dom_view\":\"nodes\"}")
                                         : minimact_reconcile(old, new);
    if (p == NULL || p[0] != '[') {
        die("minimact_reconcile", p);
    }
    return p;
}

int main(void) {
    FILE *in = stdin, *out = stdout;
    char *line = NULL, *prev = NULL;
    size_t cap = 0;
    ssize_t n;
    int cases = 0, steps = 0, case_steps = 0, in_chain = 0, first = 1;
    while ((n = getline(&line, &cap, in)) >= 0) {
        lineno++;
        if (n > 0 && line[n - 1] == '\n') {
            line[--n] = 0;
        }
        if (strncmp(line, "view ", 5) == 0) {
            view = strdup(line + 5);
            if (strcmp(view, "html") != 0 && strcmp(view, "nodes") != 0) {
                die("unknown view", view);
            }
            fprintf(out, "{\"view\":\"%s\",\"cases\":[", view);
        } else if (strncmp(line, "chain ", 6) == 0) {
            if (view == NULL || in_chain) {
                die("chain outside a view, or inside a chain", line);
            }
            fputs(cases ? ",\n{\"name\":" : "\n{\"name\":", out);
            put_string(out, line + 6);
            in_chain = 1;
            first = 1;
            case_steps = 0;
            cases++;
        } else if (strncmp(line, "tree ", 5) == 0) {
            if (!in_chain) {
                die("tree outside a chain", line);
            }
            const char *tree = line + 5;
            char *h = html(tree);
            if (first) {
                fputs(",\"html\":", out);
                put_string(out, h);
                fprintf(out, ",\"tree\":%s,\"steps\":[", tree);
                first = 0;
            } else {
                char *p = patches(prev, tree);
                fprintf(out, "%s\n {\"patches\":%s,\"html\":", case_steps ? "," : "", p);
                put_string(out, h);
                fprintf(out, ",\"tree\":%s}", tree);
                minimact_free_string(p);
                steps++;
                case_steps++;
            }
            minimact_free_string(h);
            free(prev);
            prev = strdup(tree);
        } else if (strcmp(line, "end") == 0) {
            if (!in_chain) {
                die("end outside a chain", line);
            }
            fputs("]}", out);
            in_chain = 0;
        } else if (n > 0) {
            die("unknown record", line);
        }
    }
    if (view == NULL || in_chain) {
        die("truncated input", NULL);
    }
    fputs("\n]}\n", out);
    free(line);
    free(prev);
    fprintf(stderr, "fixtures (%s view): %d chains, %d steps\n", view, cases, steps);
    return fflush(out) == 0 ? 0 : 1;
}
