/*
 * fl_train_testing.h: single layers of the CPU backend, exposed so tests can check every
 * backward pass against finite differences. Not needed to train.
 *
 * Kinds: "conv3x3", "conv1x1", "upconv2x2", "groupnorm" (groups given), "instancenorm",
 * "relu", "maxpool2x2", "dense", "dice_bce" (loss over sigmoid), "cross_entropy" (loss over
 * softmax). Tensors are in the engine's internal layout (channel-major: C x N x H x W); the
 * losses produce one value and take a target (dice_bce: like x; cross_entropy: N x H x W
 * class indices). Parameters are one flat array (weights, then bias / gamma, then beta).
 */
#ifndef FL_TRAIN_TESTING_H
#define FL_TRAIN_TESTING_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct fl_train_layer fl_train_layer;

/* n samples of c_in x h x w; c_out output channels (convolutions, dense); groups for groupnorm.
 * dense uses c_in features in and c_out out (h = w = 1). */
int fl_train_layer_new(const char *kind, int n, int c_in, int h, int w, int c_out, int groups,
                       fl_train_layer **out);
void fl_train_layer_del(fl_train_layer *l);
/* Element counts of the input, the target (0 if none), the parameters and the output. */
void fl_train_layer_sizes(const fl_train_layer *l, size_t *x, size_t *target, size_t *params,
                          size_t *y);
int fl_train_layer_forward(fl_train_layer *l, const float *x, const float *target,
                           const float *params, float *y);
/* Given dy (dL/dy), writes dx and dparams (either may be NULL). Runs forward first. */
int fl_train_layer_backward(fl_train_layer *l, const float *x, const float *target,
                            const float *params, const float *dy, float *dx, float *dparams);

#ifdef __cplusplus
}
#endif
#endif
