/* net.c: U-Net 2D and MLP forward / backward over the backend primitives.
 *
 * U-Net (depth D, base channels B, c_l = B * 2^l at level l):
 *   enc{l}    l < D: conv3x3 -> norm -> ReLU -> conv3x3 -> norm -> ReLU, then 2x2 max pool
 *   bottleneck      the same double convolution at level D
 *   dec{l}    l = D-1 .. 0: transposed conv 2x2 stride 2 (c_{l+1} -> c_l, with bias), concatenated
 *             with enc{l}'s output (up first, skip second), then the double convolution
 *   head      conv1x1 c_0 -> out_channels, with bias; sigmoid or softmax live in the loss.
 * Convolutions followed by a norm carry no bias (the norm would cancel it). Norms are group norm
 * (affine) with norm_groups groups, or instance norm when norm_groups == 0. Parameter names and
 * shapes follow PyTorch's state_dict: "enc0.conv1.weight" [out][in][3][3], "enc0.norm1.weight",
 * "enc0.norm1.bias", "dec0.up.weight" [in][out][2][2], "dec0.up.bias", "head.weight", "head.bias".
 *
 * MLP: fc0 .. fc{H-1} (dense + ReLU), then head (dense) to `classes` logits.
 */
#include "fl_net.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- layout -------------------------------------------------------------------------------- */
static int add_param(fl_layout *l, int cap, const char *name, int ndim, const int64_t *shape,
                     int init, float scale) {
    if (l->count >= cap) return FL_TRAIN_E_INVALID;
    fl_param *p = &l->params[l->count++];
    snprintf(p->name, sizeof p->name, "%s", name);
    p->ndim = ndim;
    p->count = 1;
    for (int i = 0; i < 4; i++) p->shape[i] = i < ndim ? shape[i] : 1;
    for (int i = 0; i < ndim; i++) p->count *= shape[i];
    p->offset = l->total;
    /* keep every tensor 16-float aligned in the flat buffer */
    l->total += (p->count + 15) / 16 * 16;
    p->init = init;
    p->init_scale = scale;
    return 0;
}

static int add_conv(fl_layout *l, int cap, const char *prefix, int cin, int cout, int k, int bias,
                    float gain) {
    char name[48];
    int64_t shape[4] = {cout, cin, k, k};
    snprintf(name, sizeof name, "%s.weight", prefix);
    int rc = add_param(l, cap, name, 4, shape, INIT_NORMAL, sqrtf(gain / (float)(cin * k * k)));
    if (rc == 0 && bias) {
        snprintf(name, sizeof name, "%s.bias", prefix);
        rc = add_param(l, cap, name, 1, shape, INIT_ZERO, 0);
    }
    return rc;
}

static int add_norm(fl_layout *l, int cap, const char *prefix, int c) {
    char name[48];
    int64_t shape[1] = {c};
    snprintf(name, sizeof name, "%s.weight", prefix);
    int rc = add_param(l, cap, name, 1, shape, INIT_ONE, 0);
    snprintf(name, sizeof name, "%s.bias", prefix);
    return rc ? rc : add_param(l, cap, name, 1, shape, INIT_ZERO, 0);
}

static int add_double_conv(fl_layout *l, int cap, const char *prefix, int cin, int cout) {
    char name[48];
    int rc = 0;
    snprintf(name, sizeof name, "%s.conv1", prefix);
    rc = rc ? rc : add_conv(l, cap, name, cin, cout, 3, 0, 2.0f);
    snprintf(name, sizeof name, "%s.norm1", prefix);
    rc = rc ? rc : add_norm(l, cap, name, cout);
    snprintf(name, sizeof name, "%s.conv2", prefix);
    rc = rc ? rc : add_conv(l, cap, name, cout, cout, 3, 0, 2.0f);
    snprintf(name, sizeof name, "%s.norm2", prefix);
    rc = rc ? rc : add_norm(l, cap, name, cout);
    return rc;
}

int fl_layout_build(const fl_train_config *cfg, fl_layout *out) {
    memset(out, 0, sizeof *out);
    int cap = 256;
    out->params = calloc((size_t)cap, sizeof(fl_param));
    if (!out->params) return FL_TRAIN_E_NOMEM;
    int rc = 0;
    char name[48];
    if (cfg->model == FL_TRAIN_MODEL_UNET2D) {
        int D = cfg->depth, B = cfg->base_channels;
        for (int l = 0; l < D && !rc; l++) {
            snprintf(name, sizeof name, "enc%d", l);
            rc = add_double_conv(out, cap, name, l == 0 ? cfg->in_channels : B << (l - 1), B << l);
        }
        if (!rc) rc = add_double_conv(out, cap, "bottleneck", B << (D - 1), B << D);
        for (int l = D - 1; l >= 0 && !rc; l--) {
            int64_t up_shape[4] = {B << (l + 1), B << l, 2, 2};
            int64_t b_shape[1] = {B << l};
            snprintf(name, sizeof name, "dec%d.up.weight", l);
            rc = add_param(out, cap, name, 4, up_shape, INIT_NORMAL, sqrtf(1.0f / (float)(B << (l + 1))));
            snprintf(name, sizeof name, "dec%d.up.bias", l);
            if (!rc) rc = add_param(out, cap, name, 1, b_shape, INIT_ZERO, 0);
            snprintf(name, sizeof name, "dec%d", l);
            if (!rc) rc = add_double_conv(out, cap, name, 2 * (B << l), B << l);
        }
        if (!rc) rc = add_conv(out, cap, "head", B, cfg->out_channels, 1, 1, 1.0f);
    } else {
        int in = cfg->in_features;
        for (int i = 0; i < cfg->n_hidden && !rc; i++) {
            int64_t w[2] = {cfg->hidden[i], in}, b[1] = {cfg->hidden[i]};
            snprintf(name, sizeof name, "fc%d.weight", i);
            rc = add_param(out, cap, name, 2, w, INIT_NORMAL, sqrtf(2.0f / (float)in));
            snprintf(name, sizeof name, "fc%d.bias", i);
            if (!rc) rc = add_param(out, cap, name, 1, b, INIT_ZERO, 0);
            in = cfg->hidden[i];
        }
        int64_t w[2] = {cfg->classes, in}, b[1] = {cfg->classes};
        if (!rc) rc = add_param(out, cap, "head.weight", 2, w, INIT_NORMAL, sqrtf(1.0f / (float)in));
        if (!rc) rc = add_param(out, cap, "head.bias", 1, b, INIT_ZERO, 0);
    }
    if (rc) { fl_layout_free(out); return rc; }
    return 0;
}

void fl_layout_free(fl_layout *l) {
    free(l->params);
    memset(l, 0, sizeof *l);
}

/* ---- network ------------------------------------------------------------------------------- */
typedef struct conv_ref { int cin, cout, k; int64_t w, b; } conv_ref;   /* offsets; b < 0: none */
typedef struct norm_ref { int c, groups; int64_t gamma, beta; } norm_ref;

struct fl_block {
    conv_ref c1, c2;
    norm_ref n1, n2;
    int H, W;
    float *a1, *h1, *a2, *h2;          /* h2 may point into a concatenation buffer */
    float *mean1, *rstd1, *mean2, *rstd2;
};

#define MAX_DEPTH 6

struct fl_net {
    const fl_train_config *cfg;
    const fl_layout *layout;
    const fl_ops *ops;
    void *ctx;
    float *p, *g, *s0, *s1;             /* flat params, grads, optimizer state */
    int cap;                            /* batch capacity */
    /* buffers owned (freed on reserve / del) */
    void *owned[128];
    int n_owned;
    float *x, *t, *logits, *dlogits;
    /* unet */
    fl_block enc[MAX_DEPTH + 1], dec[MAX_DEPTH];
    conv_ref up[MAX_DEPTH], head;
    float *cat[MAX_DEPTH], *dcat[MAX_DEPTH], *pool[MAX_DEPTH], *dpool[MAX_DEPTH];
    uint8_t *pidx[MAX_DEPTH];
    float *dbott, *dout[MAX_DEPTH];
    float *col, *da, *dh;
    /* mlp */
    conv_ref fc[FL_TRAIN_MAX_HIDDEN + 1];
    float *act[FL_TRAIN_MAX_HIDDEN + 1], *dact[FL_TRAIN_MAX_HIDDEN + 1];
};

static const fl_param *find(const fl_layout *l, const char *name) {
    for (int i = 0; i < l->count; i++)
        if (strcmp(l->params[i].name, name) == 0) return &l->params[i];
    return NULL;
}

static conv_ref conv_of(const fl_layout *l, const char *prefix, int cin, int cout, int k) {
    char name[64];
    conv_ref c = {cin, cout, k, -1, -1};
    snprintf(name, sizeof name, "%s.weight", prefix);
    c.w = find(l, name)->offset;
    snprintf(name, sizeof name, "%s.bias", prefix);
    const fl_param *b = find(l, name);
    c.b = b ? b->offset : -1;
    return c;
}

static norm_ref norm_of(const fl_layout *l, const fl_train_config *cfg, const char *prefix, int c) {
    char name[64];
    norm_ref n = {c, cfg->norm_groups > 0 ? cfg->norm_groups : c, 0, 0};
    snprintf(name, sizeof name, "%s.weight", prefix);
    n.gamma = find(l, name)->offset;
    snprintf(name, sizeof name, "%s.bias", prefix);
    n.beta = find(l, name)->offset;
    return n;
}

static void block_refs(fl_net *net, fl_block *b, const char *prefix, int cin, int cout, int H, int W) {
    char name[64];
    snprintf(name, sizeof name, "%s.conv1", prefix);
    b->c1 = conv_of(net->layout, name, cin, cout, 3);
    snprintf(name, sizeof name, "%s.conv2", prefix);
    b->c2 = conv_of(net->layout, name, cout, cout, 3);
    snprintf(name, sizeof name, "%s.norm1", prefix);
    b->n1 = norm_of(net->layout, net->cfg, name, cout);
    snprintf(name, sizeof name, "%s.norm2", prefix);
    b->n2 = norm_of(net->layout, net->cfg, name, cout);
    b->H = H;
    b->W = W;
}

fl_net *fl_net_new(const fl_train_config *cfg, const fl_layout *layout, const fl_ops *ops,
                   void *ctx) {
    fl_net *net = calloc(1, sizeof *net);
    if (!net) return NULL;
    net->cfg = cfg;
    net->layout = layout;
    net->ops = ops;
    net->ctx = ctx;
    size_t bytes = sizeof(float) * (size_t)layout->total;
    net->p = ops->alloc(ctx, bytes);
    net->g = ops->alloc(ctx, bytes);
    net->s0 = ops->alloc(ctx, bytes);
    net->s1 = ops->alloc(ctx, bytes);
    if (!net->p || !net->g || !net->s0 || !net->s1) { fl_net_del(net); return NULL; }
    char name[64];
    if (cfg->model == FL_TRAIN_MODEL_UNET2D) {
        int D = cfg->depth, B = cfg->base_channels;
        for (int l = 0; l <= D; l++) {
            if (l < D) snprintf(name, sizeof name, "enc%d", l);
            else snprintf(name, sizeof name, "bottleneck");
            block_refs(net, &net->enc[l], name, l == 0 ? cfg->in_channels : B << (l - 1), B << l,
                       cfg->height >> l, cfg->width >> l);
        }
        for (int l = 0; l < D; l++) {
            snprintf(name, sizeof name, "dec%d.up", l);
            net->up[l] = conv_of(layout, name, B << (l + 1), B << l, 2);
            snprintf(name, sizeof name, "dec%d", l);
            block_refs(net, &net->dec[l], name, 2 * (B << l), B << l, cfg->height >> l,
                       cfg->width >> l);
        }
        net->head = conv_of(layout, "head", B, cfg->out_channels, 1);
    } else {
        int in = cfg->in_features;
        for (int i = 0; i < cfg->n_hidden; i++) {
            snprintf(name, sizeof name, "fc%d", i);
            net->fc[i] = conv_of(layout, name, in, cfg->hidden[i], 1);
            in = cfg->hidden[i];
        }
        net->fc[cfg->n_hidden] = conv_of(layout, "head", in, cfg->classes, 1);
    }
    return net;
}

static void free_activations(fl_net *net) {
    for (int i = 0; i < net->n_owned; i++) net->ops->release(net->ctx, net->owned[i]);
    net->n_owned = 0;
    net->cap = 0;
}

void fl_net_del(fl_net *net) {
    if (!net) return;
    free_activations(net);
    net->ops->release(net->ctx, net->p);
    net->ops->release(net->ctx, net->g);
    net->ops->release(net->ctx, net->s0);
    net->ops->release(net->ctx, net->s1);
    free(net);
}

static void *own(fl_net *net, size_t floats, int *failed) {
    if (*failed || net->n_owned >= (int)(sizeof net->owned / sizeof net->owned[0])) {
        *failed = 1;
        return NULL;
    }
    void *p = net->ops->alloc(net->ctx, sizeof(float) * (floats ? floats : 1));
    if (!p) { *failed = 1; return NULL; }
    net->owned[net->n_owned++] = p;
    return p;
}

int fl_net_reserve(fl_net *net, int n) {
    if (n <= net->cap) return 0;
    free_activations(net);
    const fl_train_config *cfg = net->cfg;
    int failed = 0;
    if (cfg->model == FL_TRAIN_MODEL_UNET2D) {
        int D = cfg->depth, B = cfg->base_channels;
        int64_t HW0 = (int64_t)cfg->height * cfg->width;
        int64_t max_act = 0, max_col = 0;
        net->x = own(net, (size_t)(cfg->in_channels * n * HW0), &failed);
        net->t = own(net, (size_t)(cfg->out_channels * n * HW0), &failed);
        net->logits = own(net, (size_t)(cfg->out_channels * n * HW0), &failed);
        net->dlogits = own(net, (size_t)(cfg->out_channels * n * HW0), &failed);
        for (int l = 0; l <= D; l++) {
            int64_t S = (int64_t)n * (HW0 >> (2 * l)), c = B << l;
            fl_block *e = &net->enc[l];
            int64_t cin = e->c1.cin;
            e->a1 = own(net, (size_t)(c * S), &failed);
            e->h1 = own(net, (size_t)(c * S), &failed);
            e->a2 = own(net, (size_t)(c * S), &failed);
            e->mean1 = own(net, (size_t)n * e->n1.groups, &failed);
            e->rstd1 = own(net, (size_t)n * e->n1.groups, &failed);
            e->mean2 = own(net, (size_t)n * e->n2.groups, &failed);
            e->rstd2 = own(net, (size_t)n * e->n2.groups, &failed);
            if (c * S > max_act) max_act = c * S;
            if (cin * 9 * S > max_col) max_col = cin * 9 * S;
            if (c * 9 * S > max_col) max_col = c * 9 * S;
            if (l < D) {
                net->cat[l] = own(net, (size_t)(2 * c * S), &failed);
                net->dcat[l] = own(net, (size_t)(2 * c * S), &failed);
                if (net->cat[l]) e->h2 = net->cat[l] + c * S;
                net->pool[l] = own(net, (size_t)(c * S / 4), &failed);
                net->dpool[l] = own(net, (size_t)(c * S / 4), &failed);
                net->pidx[l] = own(net, (size_t)(c * S / 4 + 3) / 4, &failed);
                fl_block *d = &net->dec[l];
                d->a1 = own(net, (size_t)(c * S), &failed);
                d->h1 = own(net, (size_t)(c * S), &failed);
                d->a2 = own(net, (size_t)(c * S), &failed);
                d->h2 = own(net, (size_t)(c * S), &failed);
                d->mean1 = own(net, (size_t)n * d->n1.groups, &failed);
                d->rstd1 = own(net, (size_t)n * d->n1.groups, &failed);
                d->mean2 = own(net, (size_t)n * d->n2.groups, &failed);
                d->rstd2 = own(net, (size_t)n * d->n2.groups, &failed);
                net->dout[l] = own(net, (size_t)(c * S), &failed);
                if (2 * c * 9 * S > max_col) max_col = 2 * c * 9 * S;
                if (c * 4 * S / 4 > max_col) max_col = c * S;
            } else {
                e->h2 = own(net, (size_t)(c * S), &failed);
                net->dbott = own(net, (size_t)(c * S), &failed);
            }
        }
        /* im2col columns, plus the flipped weights of the largest convolution */
        net->col = own(net, (size_t)max_col + (size_t)(2 * (B << D)) * (B << D) * 9 + 64, &failed);
        net->da = own(net, (size_t)max_act, &failed);
        net->dh = own(net, (size_t)max_act, &failed);
    } else {
        int L = cfg->n_hidden;
        net->x = own(net, (size_t)cfg->in_features * n, &failed);
        net->t = own(net, (size_t)n, &failed);
        for (int i = 0; i <= L; i++) {
            net->act[i] = own(net, (size_t)net->fc[i].cout * n, &failed);
            net->dact[i] = own(net, (size_t)net->fc[i].cout * n, &failed);
        }
        net->logits = net->act[L];
        net->dlogits = net->dact[L];
    }
    if (failed) { free_activations(net); return FL_TRAIN_E_NOMEM; }
    net->cap = n;
    return 0;
}

float *fl_net_input(fl_net *net) { return net->x; }
float *fl_net_target(fl_net *net) { return net->t; }
float *fl_net_logits(fl_net *net) { return net->logits; }
float *fl_net_dlogits(fl_net *net) { return net->dlogits; }
float *fl_net_params(fl_net *net) { return net->p; }
float *fl_net_grads(fl_net *net) { return net->g; }
float *fl_net_state(fl_net *net, int which) { return which ? net->s1 : net->s0; }

/* ---- layers over the primitives (shared with the single-layer test API) -------------------- */
void fl_layer_conv_fwd(const fl_ops *o, void *ctx, int cin, int cout, int k, int N, int H, int W,
                       const float *w, const float *b, const float *x, float *y, float *col) {
    int S = N * H * W, K = cin * k * k;
    if (k == 1) {
        o->gemm(ctx, 0, 0, cout, S, K, 1.0f, w, K, x, S, 0.0f, y, S);
    } else if (!(o->conv_gemm && o->conv_gemm(ctx, cout, w, x, cin, N, H, W, k, y))) {
        o->im2col(ctx, x, cin, N, H, W, k, col);
        o->gemm(ctx, 0, 0, cout, S, K, 1.0f, w, K, col, S, 0.0f, y, S);
    }
    if (b) o->bias_add(ctx, y, b, cout, S);
}

void fl_layer_conv_bwd(const fl_ops *o, void *ctx, int cin, int cout, int k, int N, int H, int W,
                       const float *w, const float *x, const float *dy, float *dw, float *db,
                       float *dx, float *col) {
    int S = N * H * W, K = cin * k * k;
    if (db) o->bias_grad(ctx, dy, cout, S, db);
    if (k == 1) {
        o->gemm(ctx, 0, 1, cout, K, S, 1.0f, dy, S, x, S, 1.0f, dw, K);
        if (dx) o->gemm(ctx, 1, 0, K, S, cout, 1.0f, w, K, dy, S, 0.0f, dx, S);
    } else {
        if (!(o->conv_wgrad && o->conv_wgrad(ctx, cout, dy, x, cin, N, H, W, k, dw))) {
            o->im2col(ctx, x, cin, N, H, W, k, col);
            o->gemm(ctx, 0, 1, cout, K, S, 1.0f, dy, S, col, S, 1.0f, dw, K);
        }
        if (dx) {
            /* dx is the convolution of dy with the flipped, transposed kernel: one more
             * im2col + GEMM of the forward kind, instead of a GEMM into a huge column buffer
             * and a col2im */
            float *wt = col + (int64_t)cout * k * k * S;
            o->flip(ctx, w, cout, cin, k, wt);
            if (!(o->conv_gemm && o->conv_gemm(ctx, cin, wt, dy, cout, N, H, W, k, dx))) {
                o->im2col(ctx, dy, cout, N, H, W, k, col);
                o->gemm(ctx, 0, 0, cin, S, cout * k * k, 1.0f, wt, cout * k * k, col, S, 0.0f,
                        dx, S);
            }
        }
    }
}

/* Transposed conv 2x2 stride 2, weight [cin][cout][2][2]: x [cin][N][h][w] -> y [cout][N][2h][2w]. */
void fl_layer_up_fwd(const fl_ops *o, void *ctx, int cin, int cout, int N, int h, int w,
                     const float *wt, const float *b, const float *x, float *y, float *col) {
    int S = N * h * w;
    o->gemm(ctx, 1, 0, cout * 4, S, cin, 1.0f, wt, cout * 4, x, S, 0.0f, col, S);
    o->up_scatter(ctx, col, cout, N, h, w, y);
    if (b) o->bias_add(ctx, y, b, cout, (int64_t)4 * S);
}

void fl_layer_up_bwd(const fl_ops *o, void *ctx, int cin, int cout, int N, int h, int w,
                     const float *wt, const float *x, const float *dy, float *dw, float *db,
                     float *dx, float *col) {
    int S = N * h * w;
    if (db) o->bias_grad(ctx, dy, cout, (int64_t)4 * S, db);
    o->up_gather(ctx, dy, cout, N, h, w, col);
    o->gemm(ctx, 0, 1, cin, cout * 4, S, 1.0f, x, S, col, S, 1.0f, dw, cout * 4);
    if (dx) o->gemm(ctx, 0, 0, cin, S, cout * 4, 1.0f, wt, cout * 4, col, S, 0.0f, dx, S);
}

static void conv_fwd(fl_net *net, const conv_ref *c, int N, int H, int W, const float *x, float *y) {
    fl_layer_conv_fwd(net->ops, net->ctx, c->cin, c->cout, c->k, N, H, W, net->p + c->w,
                      c->b >= 0 ? net->p + c->b : NULL, x, y, net->col);
}

/* dy -> weight/bias gradients (accumulated) and dx (overwritten; skipped when NULL). */
static void conv_bwd(fl_net *net, const conv_ref *c, int N, int H, int W, const float *x,
                     const float *dy, float *dx) {
    fl_layer_conv_bwd(net->ops, net->ctx, c->cin, c->cout, c->k, N, H, W, net->p + c->w, x, dy,
                      net->g + c->w, c->b >= 0 ? net->g + c->b : NULL, dx, net->col);
}

static void block_fwd(fl_net *net, fl_block *b, int N, const float *in) {
    const fl_ops *o = net->ops;
    int HW = b->H * b->W;
    conv_fwd(net, &b->c1, N, b->H, b->W, in, b->a1);
    o->norm_fwd(net->ctx, b->a1, net->p + b->n1.gamma, net->p + b->n1.beta, b->n1.c, N, HW,
                b->n1.groups, 1e-5f, 1, b->h1, b->mean1, b->rstd1);
    conv_fwd(net, &b->c2, N, b->H, b->W, b->h1, b->a2);
    o->norm_fwd(net->ctx, b->a2, net->p + b->n2.gamma, net->p + b->n2.beta, b->n2.c, N, HW,
                b->n2.groups, 1e-5f, 1, b->h2, b->mean2, b->rstd2);
}

/* dh2 (gradient of the block output) -> din (NULL: not needed). */
static void block_bwd(fl_net *net, fl_block *b, int N, const float *in, float *dh2, float *din) {
    const fl_ops *o = net->ops;
    int HW = b->H * b->W;
    o->norm_bwd(net->ctx, b->a2, net->p + b->n2.gamma, b->mean2, b->rstd2, b->h2, dh2, b->n2.c,
                N, HW, b->n2.groups, net->da, net->g + b->n2.gamma, net->g + b->n2.beta);
    conv_bwd(net, &b->c2, N, b->H, b->W, b->h1, net->da, net->dh);
    o->norm_bwd(net->ctx, b->a1, net->p + b->n1.gamma, b->mean1, b->rstd1, b->h1, net->dh,
                b->n1.c, N, HW, b->n1.groups, net->da, net->g + b->n1.gamma, net->g + b->n1.beta);
    conv_bwd(net, &b->c1, N, b->H, b->W, in, net->da, din);
}

void fl_net_forward(fl_net *net, int N) {
    const fl_train_config *cfg = net->cfg;
    const fl_ops *o = net->ops;
    if (cfg->model == FL_TRAIN_MODEL_UNET2D) {
        int D = cfg->depth;
        const float *in = net->x;
        for (int l = 0; l < D; l++) {
            fl_block *e = &net->enc[l];
            block_fwd(net, e, N, in);
            o->pool_fwd(net->ctx, e->h2, e->c1.cout, N, e->H, e->W, net->pool[l], net->pidx[l]);
            in = net->pool[l];
        }
        block_fwd(net, &net->enc[D], N, in);
        const float *below = net->enc[D].h2;
        for (int l = D - 1; l >= 0; l--) {
            conv_ref *u = &net->up[l];
            fl_block *d = &net->dec[l];
            fl_layer_up_fwd(o, net->ctx, u->cin, u->cout, N, d->H / 2, d->W / 2, net->p + u->w,
                            net->p + u->b, below, net->cat[l], net->col);
            block_fwd(net, d, N, net->cat[l]);
            below = d->h2;
        }
        conv_fwd(net, &net->head, N, cfg->height, cfg->width, below, net->logits);
    } else {
        const float *in = net->x;
        for (int i = 0; i <= cfg->n_hidden; i++) {
            conv_fwd(net, &net->fc[i], N, 1, 1, in, net->act[i]);
            if (i < cfg->n_hidden) o->relu_fwd(net->ctx, net->act[i], (int64_t)net->fc[i].cout * N);
            in = net->act[i];
        }
    }
}

void fl_net_backward(fl_net *net, int N) {
    const fl_train_config *cfg = net->cfg;
    const fl_ops *o = net->ops;
    if (cfg->model == FL_TRAIN_MODEL_UNET2D) {
        int D = cfg->depth;
        float *dbelow = D > 0 ? net->dout[0] : NULL;
        conv_bwd(net, &net->head, N, cfg->height, cfg->width, net->dec[0].h2, net->dlogits, dbelow);
        for (int l = 0; l < D; l++) {
            fl_block *d = &net->dec[l];
            block_bwd(net, d, N, net->cat[l], net->dout[l], net->dcat[l]);
            conv_ref *u = &net->up[l];
            const float *below = l + 1 < D ? net->dec[l + 1].h2 : net->enc[D].h2;
            float *dbelow_l = l + 1 < D ? net->dout[l + 1] : net->dbott;
            fl_layer_up_bwd(o, net->ctx, u->cin, u->cout, N, d->H / 2, d->W / 2, net->p + u->w,
                            below, net->dcat[l], net->g + u->w, net->g + u->b, dbelow_l, net->col);
        }
        float *dh2 = net->dbott;
        for (int l = D; l >= 0; l--) {
            fl_block *e = &net->enc[l];
            const float *in = l > 0 ? net->pool[l - 1] : net->x;
            float *din = l > 0 ? net->dpool[l - 1] : NULL;
            block_bwd(net, e, N, in, dh2, din);
            if (l > 0) {
                fl_block *up = &net->enc[l - 1];
                int64_t cS = (int64_t)up->c1.cout * N * up->H * up->W;
                dh2 = net->dcat[l - 1] + cS;   /* skip half, already holding the decoder's share */
                o->pool_bwd(net->ctx, net->dpool[l - 1], net->pidx[l - 1], up->c1.cout, N, up->H,
                            up->W, dh2);
            }
        }
    } else {
        int L = cfg->n_hidden;
        for (int i = L; i >= 0; i--) {
            const float *in = i > 0 ? net->act[i - 1] : net->x;
            float *din = i > 0 ? net->dact[i - 1] : NULL;
            conv_bwd(net, &net->fc[i], N, 1, 1, in, net->dact[i], din);
            if (i > 0) o->relu_bwd(net->ctx, net->act[i - 1], din, (int64_t)net->fc[i - 1].cout * N);
        }
    }
}
