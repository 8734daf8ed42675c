/* testing.c: single layers of the CPU backend for finite-difference checks (fl_train_testing.h).
 * Each kind runs exactly the code the networks run (the same primitives and layer helpers). */
#include "fl_net.h"
#include "include/fl_train_testing.h"

#include <string.h>

enum { K_CONV3, K_CONV1, K_UP, K_GROUPNORM, K_INSTNORM, K_RELU, K_POOL, K_DENSE, K_DICE_BCE, K_CE };

struct fl_train_layer {
    int kind, n, cin, h, w, cout, groups;
    size_t nx, nt, np, ny;
    void *ctx;
    float *col, *mean, *rstd, *y, *scratch;
    uint8_t *idx;
};

int fl_train_layer_new(const char *kind, int n, int c_in, int h, int w, int c_out, int groups,
                       fl_train_layer **out) {
    if (!out) return fl_fail(FL_TRAIN_E_INVALID, "out is NULL");
    *out = NULL;
    static const char *names[] = {"conv3x3", "conv1x1", "upconv2x2", "groupnorm", "instancenorm",
                                  "relu", "maxpool2x2", "dense", "dice_bce", "cross_entropy"};
    int k = -1;
    for (int i = 0; kind && i < (int)(sizeof names / sizeof names[0]); i++)
        if (strcmp(kind, names[i]) == 0) k = i;
    if (k < 0) return fl_fail(FL_TRAIN_E_INVALID, "layer kind \"%s\": accepted conv3x3, conv1x1, "
                              "upconv2x2, groupnorm, instancenorm, relu, maxpool2x2, dense, dice_bce, "
                              "cross_entropy", kind ? kind : "(null)");
    if (k == K_DENSE) h = w = 1;
    if (n < 1 || c_in < 1 || h < 1 || w < 1 || ((k <= K_UP || k == K_DENSE) && c_out < 1) ||
        (k == K_POOL && (h % 2 || w % 2)) || (k == K_GROUPNORM && (groups < 1 || c_in % groups)) ||
        (k == K_CE && c_in < 2))
        return fl_fail(FL_TRAIN_E_INVALID, "layer %s: bad sizes", kind);
    fl_train_layer *l = calloc(1, sizeof *l);
    if (!l) return fl_fail(FL_TRAIN_E_NOMEM, "out of memory");
    l->kind = k; l->n = n; l->cin = c_in; l->h = h; l->w = w; l->cout = c_out;
    l->groups = k == K_INSTNORM ? c_in : groups;
    size_t S = (size_t)n * h * w;
    l->nx = c_in * S;
    switch (k) {
    case K_CONV3: l->np = (size_t)c_out * c_in * 9 + c_out; l->ny = c_out * S; break;
    case K_CONV1: case K_DENSE: l->np = (size_t)c_out * c_in + c_out; l->ny = c_out * S; break;
    case K_UP: l->np = (size_t)c_in * c_out * 4 + c_out; l->ny = c_out * S * 4; break;
    case K_GROUPNORM: case K_INSTNORM: l->np = 2 * (size_t)c_in; l->ny = l->nx; break;
    case K_RELU: l->ny = l->nx; break;
    case K_POOL: l->ny = l->nx / 4; break;
    case K_DICE_BCE: l->nt = l->nx; l->ny = 1; break;
    case K_CE: l->nt = S; l->ny = 1; break;
    }
    l->ctx = fl_cpu_ctx_new(1);
    const fl_ops *o = fl_cpu_ops();
    size_t big = (l->nx > l->ny ? l->nx : l->ny) * 9 + (size_t)c_out * S * 4 + (size_t)c_in * c_out * 9 + 16;
    l->col = o->alloc(l->ctx, sizeof(float) * big);
    l->scratch = o->alloc(l->ctx, sizeof(float) * big);
    l->y = o->alloc(l->ctx, sizeof(float) * (l->ny + l->nx));
    l->mean = o->alloc(l->ctx, sizeof(float) * (size_t)n * c_in);
    l->rstd = o->alloc(l->ctx, sizeof(float) * (size_t)n * c_in);
    l->idx = o->alloc(l->ctx, l->nx);
    if (!l->ctx || !l->col || !l->scratch || !l->y || !l->mean || !l->rstd || !l->idx) {
        fl_train_layer_del(l);
        return fl_fail(FL_TRAIN_E_NOMEM, "out of memory");
    }
    *out = l;
    return 0;
}

void fl_train_layer_del(fl_train_layer *l) {
    if (!l) return;
    const fl_ops *o = fl_cpu_ops();
    o->release(l->ctx, l->col); o->release(l->ctx, l->scratch); o->release(l->ctx, l->y);
    o->release(l->ctx, l->mean); o->release(l->ctx, l->rstd); o->release(l->ctx, l->idx);
    if (l->ctx) o->ctx_del(l->ctx);
    free(l);
}

void fl_train_layer_sizes(const fl_train_layer *l, size_t *x, size_t *target, size_t *params, size_t *y) {
    if (x) *x = l->nx;
    if (target) *target = l->nt;
    if (params) *params = l->np;
    if (y) *y = l->ny;
}

int fl_train_layer_forward(fl_train_layer *l, const float *x, const float *t, const float *p, float *y) {
    if (!l || !x || !y || (l->np && !p) || (l->nt && !t)) return fl_fail(FL_TRAIN_E_INVALID, "layer forward: NULL argument");
    const fl_ops *o = fl_cpu_ops();
    void *c = l->ctx;
    int N = l->n, H = l->h, W = l->w, HW = H * W;
    switch (l->kind) {
    case K_CONV3: case K_CONV1: case K_DENSE: {
        int k = l->kind == K_CONV3 ? 3 : 1;
        fl_layer_conv_fwd(o, c, l->cin, l->cout, k, N, H, W, p, p + (size_t)l->cout * l->cin * k * k, x, y, l->col);
        break;
    }
    case K_UP:
        fl_layer_up_fwd(o, c, l->cin, l->cout, N, H, W, p, p + (size_t)l->cin * l->cout * 4, x, y, l->col);
        break;
    case K_GROUPNORM: case K_INSTNORM:
        o->norm_fwd(c, x, p, p + l->cin, l->cin, N, HW, l->groups, 1e-5f, 0, y, l->mean, l->rstd);
        break;
    case K_RELU:
        memcpy(y, x, sizeof(float) * l->nx);
        o->relu_fwd(c, y, (int64_t)l->nx);
        break;
    case K_POOL:
        o->pool_fwd(c, x, l->cin, N, H, W, y, l->idx);
        break;
    case K_DICE_BCE:
        y[0] = (float)o->loss_dice_bce(c, x, t, l->cin, N, HW, 1.0f, NULL);
        break;
    case K_CE:
        y[0] = (float)o->loss_ce(c, x, t, l->cin, N, HW, 1.0f, NULL);
        break;
    }
    return 0;
}

int fl_train_layer_backward(fl_train_layer *l, const float *x, const float *t, const float *p,
                            const float *dy, float *dx, float *dp) {
    if (!dy) return fl_fail(FL_TRAIN_E_INVALID, "layer backward: dy is NULL");
    int rc = fl_train_layer_forward(l, x, t, p, l->y);
    if (rc) return rc;
    const fl_ops *o = fl_cpu_ops();
    void *c = l->ctx;
    int N = l->n, H = l->h, W = l->w, HW = H * W;
    float *gx = dx ? dx : l->scratch;
    float *gp = dp ? dp : l->scratch + l->nx;
    if (l->np) memset(gp, 0, sizeof(float) * l->np);
    switch (l->kind) {
    case K_CONV3: case K_CONV1: case K_DENSE: {
        int k = l->kind == K_CONV3 ? 3 : 1;
        size_t nw = (size_t)l->cout * l->cin * k * k;
        fl_layer_conv_bwd(o, c, l->cin, l->cout, k, N, H, W, p, x, dy, gp, gp + nw, gx, l->col);
        break;
    }
    case K_UP: {
        size_t nw = (size_t)l->cin * l->cout * 4;
        fl_layer_up_bwd(o, c, l->cin, l->cout, N, H, W, p, x, dy, gp, gp + nw, gx, l->col);
        break;
    }
    case K_GROUPNORM: case K_INSTNORM:
        o->norm_bwd(c, x, p, l->mean, l->rstd, NULL, dy, l->cin, N, HW, l->groups, gx, gp, gp + l->cin);
        break;
    case K_RELU:
        memcpy(gx, dy, sizeof(float) * l->nx);
        o->relu_bwd(c, l->y, gx, (int64_t)l->nx);
        break;
    case K_POOL:
        memset(gx, 0, sizeof(float) * l->nx);
        o->pool_bwd(c, dy, l->idx, l->cin, N, H, W, gx);
        break;
    case K_DICE_BCE:
        o->loss_dice_bce(c, x, t, l->cin, N, HW, dy[0], gx);
        break;
    case K_CE:
        o->loss_ce(c, x, t, l->cin, N, HW, dy[0], gx);
        break;
    }
    return 0;
}
