/* train.c: the model object: config checks, backend choice, weights, fit, evaluate. */
#include "fl_net.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_REPLICAS 16

struct fl_train_model {
    fl_train_config cfg;
    fl_layout layout;
    const fl_ops *ops;
    const fl_cuda_api *cuda;       /* NULL on the CPU */
    int replicas;
    void *ctx[MAX_REPLICAS];
    fl_net *net[MAX_REPLICAS];
    char backend[1024];
    fl_rng shuffle_rng;
    int64_t adam_t;                /* optimizer steps taken (Adam bias correction, schedule) */
    float *host_x, *host_y, *host_z; /* staging, batch capacity */
    int host_cap;
};

void fl_train_config_init(fl_train_config *c) {
    memset(c, 0, sizeof *c);
    c->model = FL_TRAIN_MODEL_UNET2D;
    c->depth = 3;
    c->base_channels = 16;
    c->in_channels = 1;
    c->out_channels = 1;
    c->height = 64;
    c->width = 64;
    c->norm_groups = 0;
    c->in_features = 4;
    c->n_hidden = 1;
    c->hidden[0] = 32;
    c->classes = 2;
    c->loss = FL_TRAIN_LOSS_DICE_BCE;
    c->optimizer = FL_TRAIN_OPT_ADAM;
    c->lr = 1e-3f;
    c->momentum = 0.9f;
    c->beta1 = 0.9f;
    c->beta2 = 0.999f;
    c->eps = 1e-8f;
    c->lr_schedule = FL_TRAIN_LR_CONSTANT;
    c->batch_size = 8;
    c->gpus = 1;
}

static int check_config(const fl_train_config *c) {
#define BAD(...) return fl_fail(FL_TRAIN_E_INVALID, __VA_ARGS__)
    if (c->model == FL_TRAIN_MODEL_UNET2D) {
        if (c->depth < 1 || c->depth > 6) BAD("depth %d: accepted 1..6", c->depth);
        if (c->base_channels < 1 || c->base_channels > 256)
            BAD("base_channels %d: accepted 1..256", c->base_channels);
        if (c->in_channels < 1 || c->in_channels > 64)
            BAD("in_channels %d: accepted 1..64", c->in_channels);
        if (c->out_channels < 1 || c->out_channels > 64)
            BAD("out_channels %d: accepted 1..64", c->out_channels);
        int m = 1 << c->depth;
        if (c->height < m || c->width < m || c->height % m || c->width % m || c->height > 4096 ||
            c->width > 4096)
            BAD("image size %dx%d: must be positive multiples of 2^depth = %d (at most 4096)",
                c->height, c->width, m);
        if (c->norm_groups < 0) BAD("norm_groups %d: accepted 0 (instance norm) or more", c->norm_groups);
        for (int l = 0; l <= c->depth && c->norm_groups > 0; l++)
            if ((c->base_channels << l) % c->norm_groups)
                BAD("norm_groups %d must divide every level's channels (%d at level %d)",
                    c->norm_groups, c->base_channels << l, l);
        if (c->loss != FL_TRAIN_LOSS_DICE_BCE && c->loss != FL_TRAIN_LOSS_CE)
            BAD("loss %d: accepted dice_bce (1), ce (2)", c->loss);
        if (c->loss == FL_TRAIN_LOSS_CE && c->out_channels < 2)
            BAD("loss ce needs out_channels >= 2 (one per class), got %d", c->out_channels);
    } else if (c->model == FL_TRAIN_MODEL_MLP) {
        if (c->in_features < 1) BAD("in_features %d: must be positive", c->in_features);
        if (c->n_hidden < 0 || c->n_hidden > FL_TRAIN_MAX_HIDDEN)
            BAD("hidden layers %d: accepted 0..%d", c->n_hidden, FL_TRAIN_MAX_HIDDEN);
        for (int i = 0; i < c->n_hidden; i++)
            if (c->hidden[i] < 1) BAD("hidden[%d] = %d: must be positive", i, c->hidden[i]);
        if (c->classes < 2) BAD("classes %d: must be at least 2", c->classes);
    } else {
        BAD("model %d: accepted unet2d (1), mlp (2)", c->model);
    }
    if (c->optimizer != FL_TRAIN_OPT_SGD && c->optimizer != FL_TRAIN_OPT_ADAM)
        BAD("optimizer %d: accepted sgd (1), adam (2)", c->optimizer);
    if (!(c->lr > 0) || !isfinite(c->lr)) BAD("learning rate %g: must be positive", c->lr);
    if (!(c->momentum >= 0 && c->momentum < 1)) BAD("momentum %g: accepted [0, 1)", c->momentum);
    if (!(c->weight_decay >= 0)) BAD("weight_decay %g: must be >= 0", c->weight_decay);
    if (!(c->beta1 >= 0 && c->beta1 < 1) || !(c->beta2 >= 0 && c->beta2 < 1))
        BAD("Adam betas (%g, %g): accepted [0, 1)", c->beta1, c->beta2);
    if (!(c->eps > 0)) BAD("eps %g: must be positive", c->eps);
    if (c->lr_schedule != FL_TRAIN_LR_CONSTANT && c->lr_schedule != FL_TRAIN_LR_COSINE)
        BAD("lr schedule %d: accepted constant (1), cosine (2)", c->lr_schedule);
    if (!(c->lr_min >= 0) || c->lr_min > c->lr) BAD("lr_min %g: accepted [0, lr]", c->lr_min);
    if (c->schedule_epochs < 0) BAD("schedule epochs %d: must be >= 0", c->schedule_epochs);
    if (c->batch_size < 1 || c->batch_size > 65536) BAD("batch_size %d: accepted 1..65536", c->batch_size);
    if (c->threads < 0 || c->threads > 256) BAD("threads %d: accepted 0 (all cores)..256", c->threads);
    if (c->backend < FL_TRAIN_BACKEND_AUTO || c->backend > FL_TRAIN_BACKEND_CUDA)
        BAD("backend %d: accepted auto (0), cpu (1), cuda (2)", c->backend);
    if (c->gpus < 1 || c->gpus > MAX_REPLICAS) BAD("gpus %d: accepted 1..%d", c->gpus, MAX_REPLICAS);
#undef BAD
    return 0;
}

static int backend_status(fl_train_model *m) {
    for (int r = 0; r < m->replicas; r++) {
        char msg[512];
        int rc = m->ops->status(m->ctx[r], msg, sizeof msg);
        if (rc) return fl_fail(FL_TRAIN_E_BACKEND, "%s backend: %s", m->ops->name, msg);
    }
    return 0;
}

static void init_weights(fl_train_model *m) {
    int64_t total = m->layout.total;
    float *host = calloc((size_t)total, sizeof(float));
    if (!host) return;
    fl_rng rng;
    fl_rng_seed(&rng, m->cfg.seed ^ 0x5EEDF1F1A1ull);
    for (int i = 0; i < m->layout.count; i++) {
        const fl_param *p = &m->layout.params[i];
        float *dst = host + p->offset;
        for (int64_t k = 0; k < p->count; k++)
            dst[k] = p->init == INIT_ONE ? 1.0f
                   : p->init == INIT_NORMAL ? (float)(fl_rng_normal(&rng) * p->init_scale)
                   : 0.0f;
    }
    for (int r = 0; r < m->replicas; r++)
        m->ops->upload(m->ctx[r], fl_net_params(m->net[r]), host, sizeof(float) * (size_t)total);
    free(host);
}

void fl_train_del(fl_train_model *m) {
    if (!m) return;
    for (int r = 0; r < m->replicas; r++) fl_net_del(m->net[r]);
    if (m->cuda) m->cuda->close(m->ctx, m->replicas);
    else if (m->ctx[0]) m->ops->ctx_del(m->ctx[0]);
    fl_layout_free(&m->layout);
    free(m->host_x);
    free(m->host_y);
    free(m->host_z);
    free(m);
}

int fl_train_new(const fl_train_config *cfg, fl_train_model **out) {
    if (!out) return fl_fail(FL_TRAIN_E_INVALID, "fl_train_new: out is NULL");
    *out = NULL;
    if (!cfg) return fl_fail(FL_TRAIN_E_INVALID, "fl_train_new: cfg is NULL");
    int rc = check_config(cfg);
    if (rc) return rc;
    fl_train_model *m = calloc(1, sizeof *m);
    if (!m) return fl_fail(FL_TRAIN_E_NOMEM, "model: out of memory");
    m->cfg = *cfg;
    if (m->cfg.model == FL_TRAIN_MODEL_MLP) m->cfg.loss = FL_TRAIN_LOSS_CE;
    rc = fl_layout_build(&m->cfg, &m->layout);
    if (rc) { free(m); return fl_fail(rc, "model: cannot lay out parameters"); }

    char why[2048] = "";
    if (cfg->backend != FL_TRAIN_BACKEND_CPU) {
        const fl_cuda_api *api = fl_cuda_load(why, sizeof why);
        if (api) {
            char desc[512] = "";
            int gpus = cfg->gpus;
            int have = api->device_count();
            if (gpus > have) {
                fl_train_del(m);
                return fl_fail(FL_TRAIN_E_BACKEND, "gpus %d: only %d CUDA device(s) visible", gpus, have);
            }
            rc = api->open(gpus, m->ctx, desc, sizeof desc);
            if (rc == 0) {
                m->cuda = api;
                m->ops = api->ops;
                m->replicas = gpus;
                snprintf(m->backend, sizeof m->backend, "cuda: %s (%s)", desc, why);
            } else {
                snprintf(why + strlen(why), sizeof why - strlen(why), "; opening %d GPU(s) failed: %s",
                         gpus, desc);
            }
        }
        if (!m->cuda && cfg->backend == FL_TRAIN_BACKEND_CUDA) {
            fl_train_del(m);
            return fl_fail(FL_TRAIN_E_BACKEND, "backend cuda requested but unavailable: %s", why);
        }
    }
    if (!m->cuda) {
        m->ops = fl_cpu_ops();
        m->ctx[0] = fl_cpu_ctx_new(cfg->threads);
        if (!m->ctx[0]) { fl_train_del(m); return fl_fail(FL_TRAIN_E_NOMEM, "cpu backend: out of memory"); }
        m->replicas = 1;
        snprintf(m->backend, sizeof m->backend, "cpu: %s, %d thread(s) (%s)",
                 fl_cpu_kernels(), fl_cpu_ctx_threads(m->ctx[0]),
                 cfg->backend == FL_TRAIN_BACKEND_CPU ? "backend cpu requested"
                 : why[0] ? why : "no CUDA library");
    }
    for (int r = 0; r < m->replicas; r++) {
        m->net[r] = fl_net_new(&m->cfg, &m->layout, m->ops, m->ctx[r]);
        if (!m->net[r]) {
            fl_train_del(m);
            return fl_fail(FL_TRAIN_E_NOMEM, "model: out of memory for %lld parameters",
                           (long long)m->layout.total);
        }
    }
    fl_rng_seed(&m->shuffle_rng, cfg->seed ^ 0x5A5A5A5A00000001ull);
    init_weights(m);
    rc = backend_status(m);
    if (rc) { fl_train_del(m); return rc; }
    fl_log("backend %s", m->backend);
    *out = m;
    return 0;
}

const char *fl_train_backend(const fl_train_model *m) { return m ? m->backend : ""; }

/* ---- weights ------------------------------------------------------------------------------- */
int fl_train_tensor_count(const fl_train_model *m) { return m ? m->layout.count : 0; }

int fl_train_tensor_info(const fl_train_model *m, int i, const char **name, int *ndim,
                         int64_t shape[4], int64_t *count) {
    if (!m || i < 0 || i >= m->layout.count)
        return fl_fail(FL_TRAIN_E_INVALID, "tensor index %d out of range", i);
    const fl_param *p = &m->layout.params[i];
    if (name) *name = p->name;
    if (ndim) *ndim = p->ndim;
    if (shape) for (int k = 0; k < 4; k++) shape[k] = p->shape[k];
    if (count) *count = p->count;
    return 0;
}

int fl_train_tensor_find(const fl_train_model *m, const char *name) {
    for (int i = 0; m && name && i < m->layout.count; i++)
        if (strcmp(m->layout.params[i].name, name) == 0) return i;
    return fl_fail(FL_TRAIN_E_NOT_FOUND, "no tensor named \"%s\"", name ? name : "(null)");
}

static int tensor_io(fl_train_model *m, int i, float *dst, const float *src, size_t count, int grad) {
    if (!m || i < 0 || i >= m->layout.count)
        return fl_fail(FL_TRAIN_E_INVALID, "tensor index %d out of range", i);
    const fl_param *p = &m->layout.params[i];
    if ((int64_t)count != p->count)
        return fl_fail(FL_TRAIN_E_SHAPE, "tensor %s holds %lld values, got %zu", p->name,
                       (long long)p->count, count);
    if (dst) {
        float *base = grad ? fl_net_grads(m->net[0]) : fl_net_params(m->net[0]);
        m->ops->download(m->ctx[0], dst, base + p->offset, sizeof(float) * count);
    } else {
        for (int r = 0; r < m->replicas; r++)
            m->ops->upload(m->ctx[r], fl_net_params(m->net[r]) + p->offset, src, sizeof(float) * count);
    }
    return backend_status(m);
}

int fl_train_get_tensor(fl_train_model *m, int i, float *dst, size_t count) {
    if (!dst) return fl_fail(FL_TRAIN_E_INVALID, "dst is NULL");
    return tensor_io(m, i, dst, NULL, count, 0);
}
int fl_train_set_tensor(fl_train_model *m, int i, const float *src, size_t count) {
    if (!src) return fl_fail(FL_TRAIN_E_INVALID, "src is NULL");
    for (size_t k = 0; k < count; k++)
        if (!isfinite(src[k]))
            return fl_fail(FL_TRAIN_E_INVALID, "tensor %s: value %zu is not finite",
                           m && i >= 0 && i < m->layout.count ? m->layout.params[i].name : "?", k);
    return tensor_io(m, i, NULL, src, count, 0);
}
int fl_train_get_grad(fl_train_model *m, int i, float *dst, size_t count) {
    if (!dst) return fl_fail(FL_TRAIN_E_INVALID, "dst is NULL");
    return tensor_io(m, i, dst, NULL, count, 1);
}

/* ---- batches ------------------------------------------------------------------------------- */
static int in_channels(const fl_train_model *m) {
    return m->cfg.model == FL_TRAIN_MODEL_UNET2D ? m->cfg.in_channels : m->cfg.in_features;
}
static int out_channels(const fl_train_model *m) {
    return m->cfg.model == FL_TRAIN_MODEL_UNET2D ? m->cfg.out_channels : m->cfg.classes;
}
static int plane(const fl_train_model *m) {
    return m->cfg.model == FL_TRAIN_MODEL_UNET2D ? m->cfg.height * m->cfg.width : 1;
}
/* Label channels per sample: dice_bce one per output channel; ce one class map. */
static int label_channels(const fl_train_model *m) {
    return m->cfg.loss == FL_TRAIN_LOSS_DICE_BCE ? m->cfg.out_channels : 1;
}

static int reserve(fl_train_model *m, int n) {
    for (int r = 0; r < m->replicas; r++) {
        int rc = fl_net_reserve(m->net[r], n);
        if (rc) return fl_fail(rc, "out of memory for a batch of %d", n);
    }
    if (n > m->host_cap) {
        size_t hw = (size_t)plane(m);
        float *x = realloc(m->host_x, sizeof(float) * n * in_channels(m) * hw);
        if (x) m->host_x = x;
        int yc = label_channels(m) > out_channels(m) ? label_channels(m) : out_channels(m);
        float *y = realloc(m->host_y, sizeof(float) * n * yc * hw);
        if (y) m->host_y = y;
        float *z = realloc(m->host_z, sizeof(float) * n * out_channels(m) * hw);
        if (z) m->host_z = z;
        if (!x || !y || !z) return fl_fail(FL_TRAIN_E_NOMEM, "out of memory for a batch of %d", n);
        m->host_cap = n;
    }
    return 0;
}

/* NCHW rows (n of them, C channels of HW) -> CNHW. */
static void to_cnhw(const float *const *rows, int n, int C, int HW, float *dst) {
    for (int c = 0; c < C; c++)
        for (int i = 0; i < n; i++)
            memcpy(dst + ((size_t)c * n + i) * HW, rows[i] + (size_t)c * HW, sizeof(float) * HW);
}
static void from_cnhw(const float *src, int n, int C, int HW, float *dst) {
    for (int i = 0; i < n; i++)
        for (int c = 0; c < C; c++)
            memcpy(dst + ((size_t)i * C + c) * HW, src + ((size_t)c * n + i) * HW, sizeof(float) * HW);
}

/* Stages samples xs/ys (NCHW rows) for replica r's share [b, e) and uploads them. */
static void upload_share(fl_train_model *m, int r, const float *const *xs, const float *const *ys,
                         int b, int e) {
    int n = e - b, HW = plane(m);
    to_cnhw(xs + b, n, in_channels(m), HW, m->host_x);
    m->ops->upload(m->ctx[r], fl_net_input(m->net[r]), m->host_x,
                   sizeof(float) * (size_t)n * in_channels(m) * HW);
    if (ys) {
        to_cnhw(ys + b, n, label_channels(m), HW, m->host_y);
        m->ops->upload(m->ctx[r], fl_net_target(m->net[r]), m->host_y,
                       sizeof(float) * (size_t)n * label_channels(m) * HW);
    }
}

static double loss_of(fl_train_model *m, int r, int n, float grad_scale, int want_grad) {
    fl_net *net = m->net[r];
    float *dz = want_grad ? fl_net_dlogits(net) : NULL;
    if (m->cfg.loss == FL_TRAIN_LOSS_DICE_BCE)
        return m->ops->loss_dice_bce(m->ctx[r], fl_net_logits(net), fl_net_target(net),
                                     out_channels(m), n, plane(m), grad_scale, dz);
    return m->ops->loss_ce(m->ctx[r], fl_net_logits(net), fl_net_target(net), out_channels(m), n,
                           plane(m), grad_scale, dz);
}

/* Forward + backward of one batch split over the replicas; gradients summed across replicas
 * (weighted by their share), so every replica holds the gradient of the whole batch's mean loss. */
static int batch_grad(fl_train_model *m, const float *const *xs, const float *const *ys, int n,
                      double *loss) {
    int rc = reserve(m, (n + m->replicas - 1) / m->replicas);
    if (rc) return rc;
    double total = 0;
    for (int r = 0; r < m->replicas; r++) {
        int b = (int)((int64_t)n * r / m->replicas), e = (int)((int64_t)n * (r + 1) / m->replicas);
        fl_net *net = m->net[r];
        m->ops->zero(m->ctx[r], fl_net_grads(net), sizeof(float) * (size_t)m->layout.total);
        if (e == b) continue;
        upload_share(m, r, xs, ys, b, e);
        fl_net_forward(net, e - b);
        float share = (float)(e - b) / (float)n;
        total += share * loss_of(m, r, e - b, share, 1);
        fl_net_backward(net, e - b);
    }
    if (m->replicas > 1) {
        float *bufs[MAX_REPLICAS];
        for (int r = 0; r < m->replicas; r++) bufs[r] = fl_net_grads(m->net[r]);
        rc = m->cuda->allreduce_sum(m->ctx, bufs, m->layout.total, m->replicas);
        if (rc) return fl_fail(FL_TRAIN_E_BACKEND, "NCCL all-reduce of gradients failed (%d)", rc);
    }
    *loss = total;
    rc = backend_status(m);
    if (rc) return rc;
    if (!isfinite(total)) return fl_fail(FL_TRAIN_E_NUMERIC, "loss is %g; lower the learning rate", total);
    return 0;
}

static void optimizer_step(fl_train_model *m, float lr) {
    m->adam_t++;
    const fl_train_config *c = &m->cfg;
    for (int r = 0; r < m->replicas; r++) {
        fl_net *net = m->net[r];
        if (c->optimizer == FL_TRAIN_OPT_SGD)
            m->ops->sgd(m->ctx[r], fl_net_params(net), fl_net_grads(net), fl_net_state(net, 0),
                        m->layout.total, lr, c->momentum, c->weight_decay);
        else
            m->ops->adam(m->ctx[r], fl_net_params(net), fl_net_grads(net), fl_net_state(net, 0),
                         fl_net_state(net, 1), m->layout.total, lr, c->beta1, c->beta2, c->eps,
                         c->weight_decay, m->adam_t);
    }
}

static int check_data(const fl_train_model *m, const fl_train_data *d) {
    if (!d) return fl_fail(FL_TRAIN_E_INVALID, "data is NULL");
    if (d->n < 1) return fl_fail(FL_TRAIN_E_INVALID, "data set is empty");
    int ch = in_channels(m), lc = label_channels(m);
    int h = m->cfg.model == FL_TRAIN_MODEL_UNET2D ? m->cfg.height : 1;
    int w = m->cfg.model == FL_TRAIN_MODEL_UNET2D ? m->cfg.width : 1;
    if (d->channels != ch || d->height != h || d->width != w || d->label_channels != lc)
        return fl_fail(FL_TRAIN_E_SHAPE,
                       "data samples are %d x %d x %d with %d label channel(s); the model takes "
                       "%d x %d x %d with %d", d->channels, d->height, d->width, d->label_channels,
                       ch, h, w, lc);
    return 0;
}

static int aborted(const volatile int *flag) {
    return flag && __atomic_load_n((const int *)flag, __ATOMIC_SEQ_CST) != 0;
}

static int fit_impl(fl_train_model *m, const fl_train_data *data, int epochs,
                 fl_train_progress_fn progress, void *user, const volatile int *abort_flag,
                 fl_train_fit_result *out) {
    if (!m) return fl_fail(FL_TRAIN_E_INVALID, "model is NULL");
    if (epochs < 0) return fl_fail(FL_TRAIN_E_INVALID, "epochs %d: must be >= 0", epochs);
    int rc = check_data(m, data);
    if (rc) return rc;
    const fl_train_config *c = &m->cfg;
    int64_t N = data->n, B = c->batch_size < N ? c->batch_size : N;
    int steps = (int)((N + B - 1) / B);
    int64_t *order = malloc(sizeof(int64_t) * (size_t)N);
    const float **xs = malloc(sizeof(float *) * (size_t)B), **ys = malloc(sizeof(float *) * (size_t)B);
    if (!order || !xs || !ys) {
        free(order); free(xs); free(ys);
        return fl_fail(FL_TRAIN_E_NOMEM, "out of memory");
    }
    fl_train_fit_result res = {N, 0, 0};
    int64_t horizon = c->schedule_epochs > 0 ? (int64_t)c->schedule_epochs * steps : (int64_t)epochs * steps;
    for (int ep = 0; ep < epochs && rc == 0; ep++) {
        for (int64_t i = 0; i < N; i++) order[i] = i;
        for (int64_t i = N - 1; i > 0; i--) {
            int64_t j = (int64_t)(fl_rng_next(&m->shuffle_rng) % (uint64_t)(i + 1));
            int64_t t = order[i]; order[i] = order[j]; order[j] = t;
        }
        double sum = 0;
        for (int s = 0; s < steps; s++) {
            if (aborted(abort_flag)) { rc = fl_fail(FL_TRAIN_E_ABORTED, "training aborted at epoch %d step %d", ep, s); break; }
            int64_t b = (int64_t)s * B, e = b + B < N ? b + B : N;
            int n = (int)(e - b);
            for (int i = 0; i < n; i++) {
                xs[i] = data->x + order[b + i] * fl_data_xsize(data);
                ys[i] = data->y + order[b + i] * fl_data_ysize(data);
            }
            double loss = 0;
            rc = batch_grad(m, xs, ys, n, &loss);
            if (rc) break;
            float lr = c->lr;
            if (c->lr_schedule == FL_TRAIN_LR_COSINE && horizon > 0) {
                int64_t t = c->schedule_epochs > 0 ? m->adam_t : (int64_t)ep * steps + s;
                if (t > horizon) t = horizon;
                lr = c->lr_min + 0.5f * (c->lr - c->lr_min) * (1.0f + cosf((float)M_PI * (float)t / (float)horizon));
            }
            optimizer_step(m, lr);
            res.steps++;
            sum += loss * n;
            if (progress) {
                fl_train_progress p = {ep, s, steps, (float)loss, lr};
                progress(user, &p);
            }
        }
        if (rc == 0) res.loss = sum / (double)N;
    }
    free(order); free(xs); free(ys);
    if (rc == 0) rc = backend_status(m);
    if (out) *out = res;
    return rc;
}

/* ---- evaluation ---------------------------------------------------------------------------- */
typedef struct dice_acc { double dice_sum; int64_t dice_n; int64_t empty_ok, empty_n; int64_t correct, total; } dice_acc;

/* z: logits NCHW of one sample; y: its label (dice_bce: C x HW; ce: HW classes). */
static void score_sample(const fl_train_model *m, const float *z, const float *y, dice_acc *a) {
    int C = out_channels(m), HW = plane(m);
    if (m->cfg.model == FL_TRAIN_MODEL_MLP) {
        int best = 0;
        for (int c = 1; c < C; c++) if (z[c] > z[best]) best = c;
        a->correct += best == (int)y[0];
        a->total++;
        return;
    }
    if (m->cfg.loss == FL_TRAIN_LOSS_DICE_BCE) {
        for (int c = 0; c < C; c++) {
            int64_t inter = 0, P = 0, T = 0;
            for (int i = 0; i < HW; i++) {
                int p = z[(size_t)c * HW + i] > 0, t = y[(size_t)c * HW + i] > 0.5f;
                inter += p & t; P += p; T += t;
                a->correct += p == t;
            }
            a->total += HW;
            if (T > 0) { a->dice_sum += 2.0 * inter / (double)(P + T); a->dice_n++; }
            else { a->empty_n++; a->empty_ok += P == 0; }
        }
    } else {
        for (int k = 1; k < C; k++) {
            int64_t inter = 0, P = 0, T = 0;
            for (int i = 0; i < HW; i++) {
                int best = 0;
                for (int c = 1; c < C; c++) if (z[(size_t)c * HW + i] > z[(size_t)best * HW + i]) best = c;
                int p = best == k, t = (int)y[i] == k;
                inter += p & t; P += p; T += t;
            }
            if (T > 0) { a->dice_sum += 2.0 * inter / (double)(P + T); a->dice_n++; }
            else { a->empty_n++; a->empty_ok += P == 0; }
        }
        for (int i = 0; i < HW; i++) {
            int best = 0;
            for (int c = 1; c < C; c++) if (z[(size_t)c * HW + i] > z[(size_t)best * HW + i]) best = c;
            a->correct += best == (int)y[i];
        }
        a->total += HW;
    }
}

/* Forward of n samples (replica 0), logits into host_z as NCHW; loss returned via *loss. */
static int forward_batch(fl_train_model *m, const float *const *xs, const float *const *ys, int n,
                         double *loss) {
    int rc = reserve(m, n);
    if (rc) return rc;
    upload_share(m, 0, xs, ys, 0, n);
    fl_net_forward(m->net[0], n);
    if (ys && loss) *loss = loss_of(m, 0, n, 1.0f, 0);
    int C = out_channels(m), HW = plane(m);
    m->ops->download(m->ctx[0], m->host_y, fl_net_logits(m->net[0]), sizeof(float) * (size_t)n * C * HW);
    /* host_y (labels already uploaded) has room for max(label, out) channels per sample */
    from_cnhw(m->host_y, n, C, HW, m->host_z);
    return backend_status(m);
}

static int evaluate_impl(fl_train_model *m, const fl_train_data *data, const volatile int *abort_flag,
                      fl_train_metrics *out) {
    if (!m || !out) return fl_fail(FL_TRAIN_E_INVALID, "model or out is NULL");
    int rc = check_data(m, data);
    if (rc) return rc;
    int B = m->cfg.batch_size;
    const float **xs = malloc(sizeof(float *) * (size_t)B), **ys = malloc(sizeof(float *) * (size_t)B);
    if (!xs || !ys) { free(xs); free(ys); return fl_fail(FL_TRAIN_E_NOMEM, "out of memory"); }
    dice_acc acc = {0};
    double loss_sum = 0;
    int C = out_channels(m), HW = plane(m);
    for (int64_t b = 0; b < data->n && rc == 0; b += B) {
        if (aborted(abort_flag)) { rc = fl_fail(FL_TRAIN_E_ABORTED, "evaluation aborted"); break; }
        int n = (int)(b + B < data->n ? B : data->n - b);
        for (int i = 0; i < n; i++) {
            xs[i] = data->x + (b + i) * fl_data_xsize(data);
            ys[i] = data->y + (b + i) * fl_data_ysize(data);
        }
        double loss = 0;
        rc = forward_batch(m, xs, ys, n, &loss);
        if (rc) break;
        loss_sum += loss * n;
        for (int i = 0; i < n; i++) score_sample(m, m->host_z + (size_t)i * C * HW, ys[i], &acc);
    }
    free(xs); free(ys);
    if (rc) return rc;
    out->samples = data->n;
    out->loss = loss_sum / (double)data->n;
    out->accuracy = acc.total ? (double)acc.correct / (double)acc.total : 0;
    if (m->cfg.model == FL_TRAIN_MODEL_MLP) out->mean_dice = -1;
    else if (acc.dice_n) out->mean_dice = acc.dice_sum / (double)acc.dice_n;
    else out->mean_dice = acc.empty_n && acc.empty_ok == acc.empty_n ? 1.0 : 0.0;
    return 0;
}

static int forward_backward_impl(fl_train_model *m, const float *x, const float *y, int n,
                              float *loss, float *logits) {
    if (!m || !x || !y || n < 1) return fl_fail(FL_TRAIN_E_INVALID, "forward_backward: bad arguments");
    size_t xs_size = (size_t)in_channels(m) * plane(m), ys_size = (size_t)label_channels(m) * plane(m);
    const float **xs = malloc(sizeof(float *) * n), **ys = malloc(sizeof(float *) * n);
    if (!xs || !ys) { free(xs); free(ys); return fl_fail(FL_TRAIN_E_NOMEM, "out of memory"); }
    for (int i = 0; i < n; i++) { xs[i] = x + i * xs_size; ys[i] = y + i * ys_size; }
    double l = 0;
    int rc = batch_grad(m, xs, ys, n, &l);
    if (rc == 0 && logits) {
        /* logits of replica shares, gathered in order */
        int C = out_channels(m), HW = plane(m);
        for (int r = 0; r < m->replicas; r++) {
            int b = (int)((int64_t)n * r / m->replicas), e = (int)((int64_t)n * (r + 1) / m->replicas);
            if (e == b) continue;
            float *tmp = malloc(sizeof(float) * (size_t)(e - b) * C * HW);
            if (!tmp) { rc = fl_fail(FL_TRAIN_E_NOMEM, "out of memory"); break; }
            m->ops->download(m->ctx[r], tmp, fl_net_logits(m->net[r]), sizeof(float) * (size_t)(e - b) * C * HW);
            from_cnhw(tmp, e - b, C, HW, logits + (size_t)b * C * HW);
            free(tmp);
        }
    }
    free(xs); free(ys);
    if (loss) *loss = (float)l;
    return rc;
}

static int predict_impl(fl_train_model *m, const float *x, int n, float *logits) {
    if (!m || !x || !logits || n < 1) return fl_fail(FL_TRAIN_E_INVALID, "predict: bad arguments");
    size_t xs_size = (size_t)in_channels(m) * plane(m);
    int C = out_channels(m), HW = plane(m), B = m->cfg.batch_size;
    const float **xs = malloc(sizeof(float *) * (size_t)B);
    if (!xs) return fl_fail(FL_TRAIN_E_NOMEM, "out of memory");
    int rc = 0;
    for (int b = 0; b < n && rc == 0; b += B) {
        int k = b + B < n ? B : n - b;
        for (int i = 0; i < k; i++) xs[i] = x + (size_t)(b + i) * xs_size;
        rc = forward_batch(m, xs, NULL, k, NULL);
        if (rc == 0) memcpy(logits + (size_t)b * C * HW, m->host_z, sizeof(float) * (size_t)k * C * HW);
    }
    free(xs);
    return rc;
}

/* ---- entry points: the CPU backend's thread state around each call -------------------------- */
#define CPU_SCOPE(call)                                                                  \
    do {                                                                                 \
        if (!m) return fl_fail(FL_TRAIN_E_INVALID, "model is NULL");                     \
        unsigned fp = m->cuda == NULL ? fl_cpu_ctx_activate(m->ctx[0]) : 0;              \
        int rc_ = (call);                                                                \
        if (m->cuda == NULL) fl_cpu_ctx_deactivate(fp);                                  \
        return rc_;                                                                      \
    } while (0)

int fl_train_fit(fl_train_model *m, const fl_train_data *data, int epochs,
                 fl_train_progress_fn progress, void *user, const volatile int *abort_flag,
                 fl_train_fit_result *out) {
    CPU_SCOPE(fit_impl(m, data, epochs, progress, user, abort_flag, out));
}
int fl_train_evaluate(fl_train_model *m, const fl_train_data *data, const volatile int *abort_flag,
                      fl_train_metrics *out) {
    CPU_SCOPE(evaluate_impl(m, data, abort_flag, out));
}
int fl_train_forward_backward(fl_train_model *m, const float *x, const float *y, int n,
                              float *loss, float *logits) {
    CPU_SCOPE(forward_backward_impl(m, x, y, n, loss, logits));
}
int fl_train_predict(fl_train_model *m, const float *x, int n, float *logits) {
    CPU_SCOPE(predict_impl(m, x, n, logits));
}
