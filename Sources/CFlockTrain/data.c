/* data.c: data sets in memory, the synthetic CT phantom, and CSV tables. */
#include "fl_internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

fl_train_data *fl_data_alloc(int64_t n, int channels, int height, int width, int label_channels) {
    fl_train_data *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->n = n;
    d->channels = channels;
    d->height = height;
    d->width = width;
    d->label_channels = label_channels;
    d->x = calloc((size_t)(n * fl_data_xsize(d) + 1), sizeof(float));
    d->y = calloc((size_t)(n * fl_data_ysize(d) + 1), sizeof(float));
    if (!d->x || !d->y) { fl_train_data_del(d); return NULL; }
    return d;
}

void fl_train_data_del(fl_train_data *d) {
    if (!d) return;
    free(d->x);
    free(d->y);
    free(d);
}

int64_t fl_train_data_count(const fl_train_data *d) { return d ? d->n : 0; }

void fl_train_data_shape(const fl_train_data *d, int *channels, int *height, int *width,
                         int *label_channels) {
    if (channels) *channels = d ? d->channels : 0;
    if (height) *height = d ? d->height : 0;
    if (width) *width = d ? d->width : 0;
    if (label_channels) *label_channels = d ? d->label_channels : 0;
}

int fl_train_data_sample(const fl_train_data *d, int64_t i, float *x, size_t x_count, float *y,
                         size_t y_count) {
    if (!d || i < 0 || i >= d->n) return fl_fail(FL_TRAIN_E_INVALID, "sample %lld out of range", (long long)i);
    if ((x && x_count != (size_t)fl_data_xsize(d)) || (y && y_count != (size_t)fl_data_ysize(d)))
        return fl_fail(FL_TRAIN_E_SHAPE, "sample buffers must hold %lld and %lld values",
                       (long long)fl_data_xsize(d), (long long)fl_data_ysize(d));
    if (x) memcpy(x, d->x + i * fl_data_xsize(d), sizeof(float) * x_count);
    if (y) memcpy(y, d->y + i * fl_data_ysize(d), sizeof(float) * y_count);
    return 0;
}

/* ---- phantom ------------------------------------------------------------------------------- */
void fl_train_phantom_init(fl_train_phantom *p) {
    memset(p, 0, sizeof *p);
    p->samples = 64;
    p->height = 64;
    p->width = 64;
    p->shift_strength = 1.0f;
    p->contrast = 1.0f;
    p->organ_scale = 1.0f;
    p->noise = 1.0f;
}

void fl_train_phantom_site_shift(const char *site, float strength, float *offset, float *contrast,
                                 float *organ_scale, float *noise) {
    float o = 0, c = 1, s = 1, n = 1;
    if (site && *site) {
        fl_rng r;
        fl_rng_seed(&r, fl_hash_string(site));
        o = (float)((fl_rng_uniform(&r) * 2 - 1) * 40.0) * strength;
        c = 1.0f + (float)((fl_rng_uniform(&r) * 2 - 1) * 0.25) * strength;
        s = 1.0f + (float)((fl_rng_uniform(&r) * 2 - 1) * 0.2) * strength;
        n = 1.0f + (float)(fl_rng_uniform(&r) * 0.8 - 0.3) * strength;
    }
    if (offset) *offset = o;
    if (contrast) *contrast = c;
    if (organ_scale) *organ_scale = s;
    if (noise) *noise = n;
}

float fl_window_apply(const fl_train_window *w, float v) {
    float r = w->b_min + (v - w->a_min) * (w->b_max - w->b_min) / (w->a_max - w->a_min);
    if (w->clip) {
        float lo = w->b_min < w->b_max ? w->b_min : w->b_max, hi = w->b_min < w->b_max ? w->b_max : w->b_min;
        if (r < lo) r = lo;
        if (r > hi) r = hi;
    }
    return r;
}

int fl_window_check(const fl_train_window *w) {
    if (!w) return 0;
    if (!(w->a_max > w->a_min) || !isfinite(w->a_min) || !isfinite(w->a_max) ||
        !isfinite(w->b_min) || !isfinite(w->b_max) || w->b_min == w->b_max)
        return fl_fail(FL_TRAIN_E_INVALID, "intensity window: need a_min < a_max and b_min != b_max "
                       "(got a %g..%g, b %g..%g)", w->a_min, w->a_max, w->b_min, w->b_max);
    return 0;
}

/* Smooth noise: white noise blurred by two 5x5 box filters, scaled to unit deviation. */
static void smooth_noise(fl_rng *r, int H, int W, float *out, float *tmp) {
    for (int i = 0; i < H * W; i++) out[i] = (float)fl_rng_normal(r);
    for (int pass = 0; pass < 2; pass++) {
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                float s = 0;
                for (int d = -2; d <= 2; d++) { int xx = x + d < 0 ? 0 : x + d >= W ? W - 1 : x + d; s += out[y * W + xx]; }
                tmp[y * W + x] = s / 5;
            }
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                float s = 0;
                for (int d = -2; d <= 2; d++) { int yy = y + d < 0 ? 0 : y + d >= H ? H - 1 : y + d; s += tmp[yy * W + x]; }
                out[y * W + x] = s / 5;
            }
    }
    double ss = 0;
    for (int i = 0; i < H * W; i++) ss += (double)out[i] * out[i];
    float sd = (float)sqrt(ss / (H * W));
    for (int i = 0; i < H * W; i++) out[i] /= sd > 0 ? sd : 1;
}

/* One slice in HU: body with fat rim, spine, liver, a gas bubble, the target organ (label). */
static void phantom_slice(fl_rng *r, int H, int W, float offset, float contrast, float organ_scale,
                          float noise, float *img, float *label, float *tex, float *tmp) {
    const float tissue = 40;
    float bx = (float)(fl_rng_uniform(r) - 0.5) * 0.06f, by = (float)(fl_rng_uniform(r) - 0.5) * 0.06f;
    float ax = 0.78f + 0.12f * (float)fl_rng_uniform(r), ay = 0.62f + 0.16f * (float)fl_rng_uniform(r);
    float lx = -0.38f + 0.1f * (float)(fl_rng_uniform(r) - 0.5), ly = -0.08f + 0.1f * (float)(fl_rng_uniform(r) - 0.5);
    float lrx = 0.30f + 0.08f * (float)fl_rng_uniform(r), lry = 0.26f + 0.08f * (float)fl_rng_uniform(r);
    float ox = 0.42f + 0.12f * (float)(fl_rng_uniform(r) - 0.5), oy = -0.05f + 0.16f * (float)(fl_rng_uniform(r) - 0.5);
    float orad = 0.15f * organ_scale * (0.75f + 0.5f * (float)fl_rng_uniform(r));
    float oasp = 0.75f + 0.5f * (float)fl_rng_uniform(r);
    float ph1 = 6.2831853f * (float)fl_rng_uniform(r), ph2 = 6.2831853f * (float)fl_rng_uniform(r);
    float organ_hu = 110 + 15 * (float)(fl_rng_uniform(r) - 0.5);
    float gx = -0.1f + 0.3f * (float)(fl_rng_uniform(r) - 0.5), gy = -0.45f + 0.1f * (float)fl_rng_uniform(r);
    float grad = 0.04f + 0.06f * (float)fl_rng_uniform(r);
    smooth_noise(r, H, W, tex, tmp);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            float u = (2.0f * x + 1) / W - 1, v = (2.0f * y + 1) / H - 1;
            float e = ((u - bx) / ax) * ((u - bx) / ax) + ((v - by) / ay) * ((v - by) / ay);
            float hu, lab = 0;
            if (e > 1) {
                hu = -1000;
            } else {
                hu = e > 0.8f ? -90 : tissue;                           /* fat rim */
                float le = ((u - lx) / lrx) * ((u - lx) / lrx) + ((v - ly) / lry) * ((v - ly) / lry);
                if (le < 1) hu = 62;                                     /* liver */
                float sx = u - bx, sy = v - (by + 0.55f * ay);
                float sr = sqrtf(sx * sx + sy * sy);
                if (sr < 0.10f) hu = sr < 0.06f ? 220 : 500;             /* spine */
                float du = (u - ox) / oasp, dv = v - oy;
                float rr = sqrtf(du * du + dv * dv), th = atan2f(dv, du);
                float edge = orad * (1 + 0.15f * sinf(2 * th + ph1) + 0.1f * sinf(3 * th + ph2));
                if (rr < edge) { hu = organ_hu; lab = 1; }               /* target organ */
                float gu = u - gx, gv = v - gy;
                if (lab == 0 && gu * gu + gv * gv < grad * grad) hu = -600;   /* bowel gas */
                if (hu > -200) hu = (hu - tissue) * contrast + tissue + offset;
                hu += noise * (12 * tex[y * W + x] + 14 * (float)fl_rng_normal(r));
            }
            img[y * W + x] = hu;
            label[y * W + x] = lab;
        }
}

int fl_train_data_new_phantom(const fl_train_phantom *p, const fl_train_window *window,
                              fl_train_data **out) {
    if (!out) return fl_fail(FL_TRAIN_E_INVALID, "out is NULL");
    *out = NULL;
    if (!p || !window) return fl_fail(FL_TRAIN_E_INVALID, "phantom or window is NULL");
    if (p->samples < 1 || p->samples > 1000000)
        return fl_fail(FL_TRAIN_E_INVALID, "phantom samples %d: accepted 1..1000000", p->samples);
    if (p->height < 8 || p->width < 8 || p->height > 4096 || p->width > 4096)
        return fl_fail(FL_TRAIN_E_INVALID, "phantom size %dx%d: accepted 8..4096", p->height, p->width);
    if (p->split != 0 && p->split != 1) return fl_fail(FL_TRAIN_E_INVALID, "phantom split %d: accepted 0, 1", p->split);
    if (!(p->shift_strength >= 0 && p->shift_strength <= 2))
        return fl_fail(FL_TRAIN_E_INVALID, "shift_strength %g: accepted 0..2", p->shift_strength);
    float offset, contrast, scale, noise;
    if (p->explicit_shift) {
        offset = p->intensity_offset; contrast = p->contrast; scale = p->organ_scale; noise = p->noise;
        if (!(fabsf(offset) <= 500) || !(contrast > 0 && contrast <= 4) || !(scale > 0.2f && scale <= 3) ||
            !(noise >= 0 && noise <= 10))
            return fl_fail(FL_TRAIN_E_INVALID, "phantom shift: accepted intensity_offset -500..500, "
                           "contrast (0, 4], organ_scale (0.2, 3], noise 0..10");
    } else {
        fl_train_phantom_site_shift(p->site, p->shift_strength, &offset, &contrast, &scale, &noise);
    }
    int rc = fl_window_check(window);
    if (rc) return rc;
    fl_train_data *d = fl_data_alloc(p->samples, 1, p->height, p->width, 1);
    float *tex = malloc(sizeof(float) * 2 * (size_t)p->height * p->width);
    if (!d || !tex) { fl_train_data_del(d); free(tex); return fl_fail(FL_TRAIN_E_NOMEM, "phantom: out of memory"); }
    uint64_t base = fl_hash_string(p->site ? p->site : "") ^ (p->seed * 0x9E3779B97F4A7C15ull) ^
                    ((uint64_t)(p->split + 1) << 56);
    int64_t plane = (int64_t)p->height * p->width;
    for (int i = 0; i < p->samples; i++) {
        fl_rng r;
        fl_rng_seed(&r, base + (uint64_t)i * 0xD1B54A32D192ED03ull);
        float *img = d->x + i * plane, *lab = d->y + i * plane;
        phantom_slice(&r, p->height, p->width, offset, contrast, scale, noise, img, lab, tex,
                      tex + plane);
        for (int64_t k = 0; k < plane; k++) img[k] = fl_window_apply(window, img[k]);
    }
    free(tex);
    *out = d;
    return 0;
}

/* ---- CSV ----------------------------------------------------------------------------------- */
static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap) break;
        char *nb = realloc(buf, cap * 2 + 1);
        if (!nb) { free(buf); buf = NULL; break; }
        buf = nb;
        cap *= 2;
    }
    int err = ferror(f);
    fclose(f);
    if (!buf || err) { free(buf); errno = err ? EIO : ENOMEM; return NULL; }
    buf[n] = 0;
    *len = n;
    return buf;
}

/* Splits one line in place on commas; returns the field count (at most max). */
static int split_fields(char *line, char **fields, int max) {
    int n = 0;
    char *s = line;
    for (;;) {
        while (*s == ' ' || *s == '\t') s++;
        if (n < max) fields[n] = s;
        n++;
        char *comma = strchr(s, ',');
        char *end = comma ? comma : s + strlen(s);
        char *t = end;
        while (t > s && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '\r')) t--;
        *t = 0;
        if (!comma) break;
        s = comma + 1;
    }
    return n;
}

int fl_train_data_new_csv(const char *path, const char *label_column, int classes,
                          fl_train_data **out) {
    if (!out) return fl_fail(FL_TRAIN_E_INVALID, "out is NULL");
    *out = NULL;
    if (!path || !label_column) return fl_fail(FL_TRAIN_E_INVALID, "csv: path or label column is NULL");
    if (classes < 2) return fl_fail(FL_TRAIN_E_INVALID, "csv %s: classes %d must be at least 2", path, classes);
    size_t len = 0;
    char *text = read_file(path, &len);
    if (!text) {
        int e = errno;
        return fl_fail(e == ENOENT ? FL_TRAIN_E_NOT_FOUND : FL_TRAIN_E_IO, "csv %s: %s", path, strerror(e));
    }
    /* count lines */
    int64_t lines = 0;
    for (size_t i = 0; i < len; i++) lines += text[i] == '\n';
    lines += len > 0 && text[len - 1] != '\n';
    enum { MAXF = 4096 };
    char **fields = malloc(sizeof(char *) * MAXF);
    fl_train_data *d = NULL;
    int rc = 0, label_idx = -1, nf = 0;
    int64_t row = 0, line_no = 0;
    char *save = text;
    if (!fields) { free(text); return fl_fail(FL_TRAIN_E_NOMEM, "csv %s: out of memory", path); }
    while (save && *save && rc == 0) {
        char *nl = strchr(save, '\n');
        if (nl) *nl = 0;
        char *line = save;
        save = nl ? nl + 1 : NULL;
        line_no++;
        size_t ll = strlen(line);
        while (ll && (line[ll - 1] == '\r' || line[ll - 1] == ' ')) line[--ll] = 0;
        if (ll == 0) continue;
        int n = split_fields(line, fields, MAXF);
        if (n > MAXF) { rc = fl_fail(FL_TRAIN_E_FORMAT, "csv %s line %lld: more than %d columns", path, (long long)line_no, MAXF); break; }
        if (!d) {
            nf = n;
            for (int i = 0; i < n; i++) if (strcmp(fields[i], label_column) == 0) label_idx = i;
            if (label_idx < 0) { rc = fl_fail(FL_TRAIN_E_FORMAT, "csv %s: no column named \"%s\" in the header", path, label_column); break; }
            if (n < 2) { rc = fl_fail(FL_TRAIN_E_FORMAT, "csv %s: needs at least one feature column besides \"%s\"", path, label_column); break; }
            d = fl_data_alloc(lines, n - 1, 1, 1, 1);
            if (!d) { rc = fl_fail(FL_TRAIN_E_NOMEM, "csv %s: out of memory", path); break; }
            continue;
        }
        if (n != nf) { rc = fl_fail(FL_TRAIN_E_FORMAT, "csv %s line %lld: %d fields, the header has %d", path, (long long)line_no, n, nf); break; }
        float *x = d->x + row * (nf - 1);
        for (int i = 0, k = 0; i < n; i++) {
            char *end = NULL;
            errno = 0;
            double v = strtod(fields[i], &end);
            if (end == fields[i] || *end != 0 || !isfinite(v)) {
                rc = fl_fail(FL_TRAIN_E_FORMAT, "csv %s line %lld column %d: \"%s\" is not a number", path, (long long)line_no, i + 1, fields[i]);
                break;
            }
            if (i == label_idx) {
                if (v != floor(v) || v < 0 || v >= classes) {
                    rc = fl_fail(FL_TRAIN_E_FORMAT, "csv %s line %lld: label %s is not a class in 0..%d", path, (long long)line_no, fields[i], classes - 1);
                    break;
                }
                d->y[row] = (float)v;
            } else {
                x[k++] = (float)v;
            }
        }
        row++;
    }
    free(fields);
    free(text);
    if (rc == 0 && (!d || row == 0)) rc = fl_fail(FL_TRAIN_E_FORMAT, "csv %s: no data rows", path);
    if (rc) { fl_train_data_del(d); return rc; }
    d->n = row;
    *out = d;
    return 0;
}
