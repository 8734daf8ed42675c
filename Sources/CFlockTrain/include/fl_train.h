/*
 * fl_train.h: Flock's training engine, the C API.
 *
 * One model (`fl_train_model`) trains on one data set (`fl_train_data`). The CPU backend (its own
 * AVX2 GEMM and fused 3x3 convolution kernels where the CPU has AVX2 + FMA, else im2col + OpenBLAS
 * SGEMM) is always built; a CUDA backend, built by `make cuda` into a shared library where nvcc
 * exists, is loaded with dlopen at run time behind this same API (see fl_train_config.backend).
 *
 * Conventions:
 *   - every `_new` has a `_del`; `_del(NULL)` is a no-op;
 *   - functions returning `int` return FL_TRAIN_OK (0) or a negative FL_TRAIN_E_* code;
 *     fl_train_strerror(code) names the code, fl_train_last_error() holds the detail of the last
 *     failure on the calling thread (which file, which key, which shape);
 *   - a failed `_new` leaves `*out` NULL and nothing allocated or written;
 *   - weights travel as named float32 tensors; names and order are stable for a given config, so a
 *     server can average tensors of different sites by name.
 *   - images are NCHW float32 (sample, channel, row, column); tabular rows are N x features.
 */
#ifndef FL_TRAIN_H
#define FL_TRAIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors ------------------------------------------------------------------------------ */
enum {
    FL_TRAIN_OK = 0,
    FL_TRAIN_E_INVALID = -1,     /* a bad argument or config value */
    FL_TRAIN_E_NOMEM = -2,       /* allocation failed (host or device) */
    FL_TRAIN_E_IO = -3,          /* a file could not be read or written */
    FL_TRAIN_E_FORMAT = -4,      /* a file is corrupt or not what it claims (NIfTI, CSV, JSON) */
    FL_TRAIN_E_SHAPE = -5,       /* shapes disagree (label vs image, tensor vs model) */
    FL_TRAIN_E_NOT_FOUND = -6,   /* a file or a tensor name does not exist */
    FL_TRAIN_E_ABORTED = -7,     /* the abort flag was raised */
    FL_TRAIN_E_BACKEND = -8,     /* the backend failed (CUDA error, NCCL error, missing library) */
    FL_TRAIN_E_NUMERIC = -9,     /* the loss became NaN or infinite */
};

/* Name of an error code ("invalid argument", ...); never NULL. */
const char *fl_train_strerror(int code);
/* Detail of the last failure on this thread ("image /d/a.nii.gz: no such file"); "" if none. */
const char *fl_train_last_error(void);

/* Log sink for engine messages (which backend runs and why). Default: stderr, prefixed "fl_train: ".
 * Pass fn = NULL to silence. Not thread-safe against concurrent _new calls. */
typedef void (*fl_train_log_fn)(void *user, const char *message);
void fl_train_set_log(fl_train_log_fn fn, void *user);

/* ---- model configuration ----------------------------------------------------------------- */
enum { FL_TRAIN_MODEL_UNET2D = 1, FL_TRAIN_MODEL_MLP = 2 };
enum { FL_TRAIN_LOSS_DICE_BCE = 1, FL_TRAIN_LOSS_CE = 2 };
enum { FL_TRAIN_OPT_SGD = 1, FL_TRAIN_OPT_ADAM = 2 };
enum { FL_TRAIN_LR_CONSTANT = 1, FL_TRAIN_LR_COSINE = 2 };
enum { FL_TRAIN_BACKEND_AUTO = 0, FL_TRAIN_BACKEND_CPU = 1, FL_TRAIN_BACKEND_CUDA = 2 };

#define FL_TRAIN_MAX_HIDDEN 8

typedef struct fl_train_config {
    int model;              /* FL_TRAIN_MODEL_* */
    /* unet2d */
    int depth;              /* number of 2x down-samplings, 1..6 */
    int base_channels;      /* channels at full resolution; doubled per level */
    int in_channels;        /* image channels (unet) */
    int out_channels;       /* 1 for a sigmoid head (dice_bce), classes for softmax (ce) */
    int height, width;      /* model input size; divisible by 2^depth */
    int norm_groups;        /* group norm groups per layer; 0 = instance norm (groups = channels) */
    /* mlp */
    int in_features;
    int n_hidden;           /* hidden layers, 0..FL_TRAIN_MAX_HIDDEN */
    int hidden[FL_TRAIN_MAX_HIDDEN];
    int classes;            /* output classes (softmax + cross-entropy) */
    /* training */
    int loss;               /* FL_TRAIN_LOSS_*; the MLP always uses CE */
    int optimizer;          /* FL_TRAIN_OPT_* */
    float lr;               /* base learning rate */
    float momentum;         /* SGD momentum */
    float weight_decay;     /* L2 added to gradients (as torch.optim) */
    float beta1, beta2, eps;/* Adam */
    int lr_schedule;        /* FL_TRAIN_LR_* */
    float lr_min;           /* cosine floor */
    int schedule_epochs;    /* cosine horizon in epochs from creation; 0 = each fit call's epochs */
    int batch_size;
    uint64_t seed;          /* weight init and shuffling; same seed + threads => same result on CPU */
    int threads;            /* CPU threads (OpenBLAS and engine); 0 = all cores */
    int backend;            /* FL_TRAIN_BACKEND_* */
    int gpus;               /* CUDA: data-parallel GPUs (NCCL all-reduce); 1 = single GPU */
} fl_train_config;

/* Fills defaults: unet2d depth 3, base 16, 1->1 channels, 64x64, instance norm, dice_bce, Adam
 * lr 1e-3 (0.9, 0.999, 1e-8), constant lr, batch 8, seed 0, threads 0, backend auto, 1 GPU. */
void fl_train_config_init(fl_train_config *cfg);

/* ---- data -------------------------------------------------------------------------------- */
typedef struct fl_train_data fl_train_data;

/* Synthetic CT phantom: organ-like blobs in textured noise, in Hounsfield-like units, with a
 * per-site shift so sites are non-IID. The shift comes from `site` (any string, e.g. the FL
 * client name) unless `explicit_shift` is set. Intensities are then windowed like real CT. */
typedef struct fl_train_phantom {
    int samples;            /* number of 2D slices */
    int height, width;
    uint64_t seed;          /* data seed, mixed with the site's hash */
    int split;              /* 0 = training stream, 1 = validation stream (disjoint samples) */
    const char *site;       /* site identifier; NULL or "" = no site shift */
    float shift_strength;   /* scales the site-derived shift, 0..2 (default 1) */
    int explicit_shift;     /* 1: use the four values below instead of the site's */
    float intensity_offset; /* HU added to soft tissue and organ */
    float contrast;         /* scales organ/tissue contrast (1 = none) */
    float organ_scale;      /* scales organ size (1 = none) */
    float noise;            /* scales noise amplitude (1 = none) */
} fl_train_phantom;

/* CT intensity window and scaling (as MONAI ScaleIntensityRange): v' = b_min + (v - a_min) *
 * (b_max - b_min) / (a_max - a_min), clipped to [b_min, b_max] when clip != 0. */
typedef struct fl_train_window {
    float a_min, a_max, b_min, b_max;
    int clip;
} fl_train_window;

void fl_train_phantom_init(fl_train_phantom *p);   /* 64 samples, 64x64, seed 0, strength 1 */
/* The shift a site gets (what fl_train_data_new_phantom uses); for logs and tests. */
void fl_train_phantom_site_shift(const char *site, float strength, float *intensity_offset,
                                 float *contrast, float *organ_scale, float *noise);

/* A phantom data set with one input channel and a binary label channel. */
int fl_train_data_new_phantom(const fl_train_phantom *p, const fl_train_window *window,
                              fl_train_data **out);

enum { FL_TRAIN_FIT_RESIZE = 0, FL_TRAIN_FIT_CROP = 1 };
enum { FL_TRAIN_SLICES_ALL = 0, FL_TRAIN_SLICES_FOREGROUND = 1 };
enum { FL_TRAIN_LABEL_BINARY = 0, FL_TRAIN_LABEL_CLASSES = 1 };

typedef struct fl_train_nifti_opts {
    int height, width;      /* model size */
    int fit;                /* FL_TRAIN_FIT_RESIZE (bilinear image, nearest label) or _CROP (center
                               crop / zero pad) */
    int slices;             /* FL_TRAIN_SLICES_* */
    int label_mode;         /* _BINARY: label > 0 -> 1 (one channel); _CLASSES: integer class map */
    int classes;            /* for _CLASSES: labels must be in [0, classes) */
    fl_train_window window;
} fl_train_nifti_opts;

/* Reads `count` image/label NIfTI volumes (.nii or .nii.gz, 3D, or 4D with one volume) and slices
 * them axially (along the third axis). Labels must have the image's grid. Errors name the file. */
int fl_train_data_new_nifti(const char *const *images, const char *const *labels, int count,
                            const fl_train_nifti_opts *opts, fl_train_data **out);

/* A CSV with a header row; `label_column` holds integer classes in [0, classes), every other
 * column is a numeric feature. Errors name the file and line. */
int fl_train_data_new_csv(const char *path, const char *label_column, int classes,
                          fl_train_data **out);

void fl_train_data_del(fl_train_data *d);
int64_t fl_train_data_count(const fl_train_data *d);
/* Per-sample sizes: x is channels*height*width (or features), y likewise for labels. */
void fl_train_data_shape(const fl_train_data *d, int *channels, int *height, int *width,
                         int *label_channels);
/* Copies sample i into x (x_count floats) and y (y_count floats). */
int fl_train_data_sample(const fl_train_data *d, int64_t i, float *x, size_t x_count, float *y,
                         size_t y_count);

/* ---- NIfTI helpers (used by tests and tools) --------------------------------------------- */
typedef struct fl_train_volume {
    int64_t nx, ny, nz;
    float *data;            /* nx*ny*nz values, x fastest; owned, free with fl_train_volume_free */
} fl_train_volume;
/* Reads a volume as float (scl_slope applied). */
int fl_train_nifti_read(const char *path, fl_train_volume *out);
/* Writes a float32 (datatype 16) or int16 (4) or uint8 (2) volume; ".gz" compresses. Atomic:
 * written beside the target under a temporary name and renamed; nothing is left on failure. */
int fl_train_nifti_write(const char *path, const float *data, int64_t nx, int64_t ny, int64_t nz,
                         int datatype);
void fl_train_volume_free(fl_train_volume *v);

/* ---- model ------------------------------------------------------------------------------- */
typedef struct fl_train_model fl_train_model;

int fl_train_new(const fl_train_config *cfg, fl_train_model **out);
void fl_train_del(fl_train_model *m);

/* Which backend runs and why, e.g. "cpu: OpenBLAS, 2 threads (FL_TRAIN_CUDA_LIB not set ...)". */
const char *fl_train_backend(const fl_train_model *m);

/* Weights: tensor i in [0, count), stable names and order. */
int fl_train_tensor_count(const fl_train_model *m);
/* name, ndim (1..4), shape[0..ndim), element count; any out pointer may be NULL. */
int fl_train_tensor_info(const fl_train_model *m, int i, const char **name, int *ndim,
                         int64_t shape[4], int64_t *count);
int fl_train_tensor_find(const fl_train_model *m, const char *name);   /* index or E_NOT_FOUND */
int fl_train_get_tensor(fl_train_model *m, int i, float *dst, size_t count);
int fl_train_set_tensor(fl_train_model *m, int i, const float *src, size_t count);
/* Gradient of tensor i from the last fl_train_forward_backward (tests). */
int fl_train_get_grad(fl_train_model *m, int i, float *dst, size_t count);

typedef struct fl_train_progress {
    int epoch;              /* 0-based within this fit call */
    int step;               /* 0-based within the epoch */
    int steps_per_epoch;
    float loss;             /* this batch's loss */
    float lr;               /* learning rate used for this step */
} fl_train_progress;
/* Called after every step on the training thread. */
typedef void (*fl_train_progress_fn)(void *user, const fl_train_progress *p);

typedef struct fl_train_fit_result {
    int64_t samples;        /* training samples (the data set size; the FedAvg weight) */
    int64_t steps;          /* optimizer steps taken */
    double loss;            /* mean loss of the last epoch */
} fl_train_fit_result;

/* Trains `epochs` epochs over `data` (shuffled each epoch from the seed). `abort_flag` (may be
 * NULL) is read atomically between batches; when it is non-zero fit returns FL_TRAIN_E_ABORTED,
 * with the weights of the last completed step. */
int fl_train_fit(fl_train_model *m, const fl_train_data *data, int epochs,
                 fl_train_progress_fn progress, void *user, const volatile int *abort_flag,
                 fl_train_fit_result *out);
/* Raises an abort flag from any thread (atomic store). */
void fl_train_abort_set(volatile int *abort_flag, int value);

typedef struct fl_train_metrics {
    double loss;            /* mean loss */
    double mean_dice;       /* segmentation: mean Dice over (sample, foreground channel/class)
                               pairs whose ground truth is not empty; -1 for the MLP */
    double accuracy;        /* fraction of pixels (segmentation) or rows (MLP) classified right */
    int64_t samples;
} fl_train_metrics;
int fl_train_evaluate(fl_train_model *m, const fl_train_data *data, const volatile int *abort_flag,
                      fl_train_metrics *out);

/* Forward + backward on one batch without an optimizer step (tests, reference checks).
 * x: n samples NCHW (or n x features); y: n labels; loss and logits (n x out x H x W, NCHW, may
 * be NULL) out; gradients then readable with fl_train_get_grad. */
int fl_train_forward_backward(fl_train_model *m, const float *x, const float *y, int n,
                              float *loss, float *logits);
/* Forward only: logits (NCHW) for n samples. */
int fl_train_predict(fl_train_model *m, const float *x, int n, float *logits);

#ifdef __cplusplus
}
#endif
#endif
