/* fl_net.h: the networks (U-Net 2D, MLP) written once over the backend primitives (internal). */
#ifndef FL_NET_H
#define FL_NET_H

#include "fl_internal.h"

typedef struct fl_param {
    char name[48];
    int ndim;
    int64_t shape[4];
    int64_t count;
    int64_t offset;   /* into the flat parameter / gradient buffers */
    int init;         /* INIT_* */
    float init_scale;
} fl_param;

enum { INIT_ZERO = 0, INIT_ONE = 1, INIT_NORMAL = 2 };

/* The parameter table of a config: names, shapes, offsets. */
typedef struct fl_layout {
    int count;
    fl_param *params;
    int64_t total;
} fl_layout;

int fl_layout_build(const fl_train_config *cfg, fl_layout *out);
void fl_layout_free(fl_layout *l);

typedef struct fl_block fl_block;
typedef struct fl_net fl_net;

/* One replica of the network on one backend context. */
fl_net *fl_net_new(const fl_train_config *cfg, const fl_layout *layout, const fl_ops *ops,
                   void *ctx);
void fl_net_del(fl_net *net);
/* Makes room for batches of n samples; 0 or FL_TRAIN_E_NOMEM. */
int fl_net_reserve(fl_net *net, int n);
/* Backend buffers: inputs [C][N][H][W], targets, logits, dlogits, and the flat parameter,
 * gradient and optimizer-state buffers. */
float *fl_net_input(fl_net *net);
float *fl_net_target(fl_net *net);
float *fl_net_logits(fl_net *net);
float *fl_net_dlogits(fl_net *net);
float *fl_net_params(fl_net *net);
float *fl_net_grads(fl_net *net);
float *fl_net_state(fl_net *net, int which);   /* 0: momentum / Adam m, 1: Adam v */
void fl_net_forward(fl_net *net, int n);
/* Accumulates parameter gradients from dlogits (callers zero the gradients first). */
void fl_net_backward(fl_net *net, int n);


/* Layers over the primitives (used by the networks and by the single-layer test API). */
void fl_layer_conv_fwd(const fl_ops *o, void *ctx, int cin, int cout, int k, int N, int H, int W,
                       const float *w, const float *b, const float *x, float *y, float *col);
void fl_layer_conv_bwd(const fl_ops *o, void *ctx, int cin, int cout, int k, int N, int H, int W,
                       const float *w, const float *x, const float *dy, float *dw, float *db,
                       float *dx, float *col);
void fl_layer_up_fwd(const fl_ops *o, void *ctx, int cin, int cout, int N, int h, int w,
                     const float *wt, const float *b, const float *x, float *y, float *col);
void fl_layer_up_bwd(const fl_ops *o, void *ctx, int cin, int cout, int N, int h, int w,
                     const float *wt, const float *x, const float *dy, float *dw, float *db,
                     float *dx, float *col);

#endif
