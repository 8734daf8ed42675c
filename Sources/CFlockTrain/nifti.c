/* nifti.c: NIfTI volumes through niftilib (Debian libnifti2-dev), axial slicing into data sets. */
#define _GNU_SOURCE
#include "fl_internal.h"

#include <nifti2_io.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void quiet_library(void) {
    static int done;
    if (!done) { nifti_set_debug_level(0); done = 1; }
}

static int to_float(const nifti_image *nim, float *dst, int64_t n) {
    const void *src = nim->data;
    switch (nim->datatype) {
#define CONV(T) for (int64_t i = 0; i < n; i++) dst[i] = (float)((const T *)src)[i]; break
    case DT_UINT8: CONV(uint8_t);
    case DT_INT8: CONV(int8_t);
    case DT_INT16: CONV(int16_t);
    case DT_UINT16: CONV(uint16_t);
    case DT_INT32: CONV(int32_t);
    case DT_UINT32: CONV(uint32_t);
    case DT_INT64: CONV(int64_t);
    case DT_UINT64: CONV(uint64_t);
    case DT_FLOAT32: CONV(float);
    case DT_FLOAT64: CONV(double);
#undef CONV
    default: return -1;
    }
    if (nim->scl_slope != 0 && isfinite(nim->scl_slope) && isfinite(nim->scl_inter) &&
        !(nim->scl_slope == 1 && nim->scl_inter == 0))
        for (int64_t i = 0; i < n; i++) dst[i] = (float)(dst[i] * nim->scl_slope + nim->scl_inter);
    return 0;
}

/* Deflate expands at most about 1032:1, so a gzip file cannot hold more data than this many
 * times its size. */
#define FL_GZIP_MAX_RATIO 1100

/* Fails unless the data the header of `path` describes fits in its data file: an uncompressed
 * file must hold all of it after the header, a gzip file at most FL_GZIP_MAX_RATIO times its size. */
static int check_data_size(const char *what, const char *path) {
    nifti_image *hdr = nifti_image_read(path, 0);
    if (!hdr || !hdr->iname)
        { if (hdr) nifti_image_free(hdr);
          return fl_fail(FL_TRAIN_E_FORMAT, "%s %s: not a readable NIfTI volume (corrupt, truncated or "
                         "not NIfTI)", what, path); }
    int64_t nvox = hdr->nvox, nbyper = hdr->nbyper, offset = hdr->iname_offset;
    struct stat st;
    int ok = nvox > 0 && nbyper > 0 && offset >= 0 && nvox <= INT64_MAX / nbyper && stat(hdr->iname, &st) == 0;
    if (ok) {
        int64_t need = nvox * nbyper, size = (int64_t)st.st_size;
        if (nifti_is_gzfile(hdr->iname)) ok = size <= INT64_MAX / FL_GZIP_MAX_RATIO && need <= size * FL_GZIP_MAX_RATIO;
        else ok = offset <= size && need <= size - offset;
    }
    nifti_image_free(hdr);
    if (!ok)
        return fl_fail(FL_TRAIN_E_FORMAT, "%s %s: the header describes more voxel data than the file "
                       "holds (truncated or corrupt)", what, path);
    return 0;
}

/* Reads `path` into v; `what` ("image", "label", "volume") prefixes errors. */
static int read_volume(const char *what, const char *path, fl_train_volume *v) {
    memset(v, 0, sizeof *v);
    quiet_library();
    struct stat st;
    if (stat(path, &st) != 0)
        return fl_fail(errno == ENOENT ? FL_TRAIN_E_NOT_FOUND : FL_TRAIN_E_IO, "%s %s: %s", what,
                       path, strerror(errno));
    if (!S_ISREG(st.st_mode)) return fl_fail(FL_TRAIN_E_IO, "%s %s: not a regular file", what, path);
    if (access(path, R_OK) != 0) return fl_fail(FL_TRAIN_E_IO, "%s %s: %s", what, path, strerror(errno));
    /* The header first: niftilib allocates whatever the header claims before reading the data, so
     * a truncated file or a lying header must not get that far (found by fuzz-train-data). */
    int rc = check_data_size(what, path);
    if (rc) return rc;
    nifti_image *nim = nifti_image_read(path, 1);
    if (!nim || !nim->data)
        { if (nim) nifti_image_free(nim);
          return fl_fail(FL_TRAIN_E_FORMAT, "%s %s: not a readable NIfTI volume (corrupt, truncated or "
                         "not NIfTI)", what, path); }
    int64_t extra = 1;
    for (int d = 4; d <= nim->ndim && d <= 7; d++) extra *= nim->dim[d];
    if (nim->ndim < 2 || extra != 1 || nim->nx < 1 || nim->ny < 1 || nim->nz < 1) {
        int nd = (int)nim->ndim;
        nifti_image_free(nim);
        return fl_fail(FL_TRAIN_E_SHAPE, "%s %s: %d-dimensional with %lld volumes; a single 2D or 3D "
                       "volume is needed", what, path, nd, (long long)extra);
    }
    v->nx = nim->nx; v->ny = nim->ny; v->nz = nim->ndim >= 3 ? nim->nz : 1;
    int64_t n = v->nx * v->ny * v->nz;
    if ((int64_t)nim->nvox != n) {
        nifti_image_free(nim);
        return fl_fail(FL_TRAIN_E_FORMAT, "%s %s: header voxel count disagrees with its dimensions", what, path);
    }
    v->data = malloc(sizeof(float) * (size_t)n);
    if (!v->data) { nifti_image_free(nim); return fl_fail(FL_TRAIN_E_NOMEM, "%s %s: out of memory", what, path); }
    if (to_float(nim, v->data, n) != 0) {
        int dt = nim->datatype;
        nifti_image_free(nim);
        fl_train_volume_free(v);
        return fl_fail(FL_TRAIN_E_FORMAT, "%s %s: unsupported datatype %d (%s)", what, path, dt,
                       nifti_datatype_string(dt));
    }
    for (int64_t i = 0; i < n; i++)
        if (!isfinite(v->data[i])) {
            nifti_image_free(nim);
            fl_train_volume_free(v);
            return fl_fail(FL_TRAIN_E_FORMAT, "%s %s: voxel %lld is not a finite number", what, path, (long long)i);
        }
    nifti_image_free(nim);
    return 0;
}

int fl_train_nifti_read(const char *path, fl_train_volume *out) {
    if (!path || !out) return fl_fail(FL_TRAIN_E_INVALID, "nifti_read: path or out is NULL");
    return read_volume("volume", path, out);
}

void fl_train_volume_free(fl_train_volume *v) {
    if (!v) return;
    free(v->data);
    v->data = NULL;
}

static int has_suffix(const char *s, const char *suf) {
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

int fl_train_nifti_write(const char *path, const float *data, int64_t nx, int64_t ny, int64_t nz,
                         int datatype) {
    if (!path || !data || nx < 1 || ny < 1 || nz < 1)
        return fl_fail(FL_TRAIN_E_INVALID, "nifti_write: bad arguments");
    if (!has_suffix(path, ".nii") && !has_suffix(path, ".nii.gz"))
        return fl_fail(FL_TRAIN_E_INVALID, "nifti_write %s: the name must end in .nii or .nii.gz", path);
    if (datatype != DT_FLOAT32 && datatype != DT_INT16 && datatype != DT_UINT8)
        return fl_fail(FL_TRAIN_E_INVALID, "nifti_write %s: datatype %d: accepted 16 (float32), 4 (int16), 2 (uint8)", path, datatype);
    quiet_library();
    /* temporary beside the target, same extension, renamed into place when complete */
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path + 1) : 0;
    char tmp[4096];
    static unsigned counter;
    int k = snprintf(tmp, sizeof tmp, "%.*s.tmp-%d-%u-%s", (int)dir_len, path, (int)getpid(),
                     __atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST), slash ? slash + 1 : path);
    if (k < 0 || (size_t)k >= sizeof tmp) return fl_fail(FL_TRAIN_E_INVALID, "nifti_write %s: path too long", path);
    int64_t dims[8] = {3, nx, ny, nz, 1, 1, 1, 1};
    nifti_image *nim = nifti_make_new_nim(dims, datatype, 1);
    if (!nim) return fl_fail(FL_TRAIN_E_NOMEM, "nifti_write %s: cannot create the image", path);
    int64_t n = nx * ny * nz;
    for (int64_t i = 0; i < n; i++) {
        float v = data[i];
        if (datatype == DT_FLOAT32) ((float *)nim->data)[i] = v;
        else if (datatype == DT_INT16) ((int16_t *)nim->data)[i] = (int16_t)lrintf(fmaxf(-32768, fminf(32767, v)));
        else ((uint8_t *)nim->data)[i] = (uint8_t)lrintf(fmaxf(0, fminf(255, v)));
    }
    nim->nifti_type = NIFTI_FTYPE_NIFTI1_1;
    if (nifti_set_filenames(nim, tmp, 0, 1) != 0) {
        nifti_image_free(nim);
        return fl_fail(FL_TRAIN_E_IO, "nifti_write %s: cannot set file names", path);
    }
    errno = 0;
    nifti_image_write(nim);
    nifti_image_free(nim);
    struct stat st;
    if (stat(tmp, &st) != 0 || st.st_size < (has_suffix(path, ".gz") ? 20 : 348)) {
        unlink(tmp);
        return fl_fail(FL_TRAIN_E_IO, "nifti_write %s: writing failed%s%s", path, errno ? ": " : "",
                       errno ? strerror(errno) : "");
    }
    /* read back the header, so a short write is caught before the rename */
    nifti_image *check = nifti_image_read(tmp, 1);
    int ok = check && check->nvox == n;
    if (check) nifti_image_free(check);
    if (!ok) { unlink(tmp); return fl_fail(FL_TRAIN_E_IO, "nifti_write %s: the written file does not read back", path); }
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return fl_fail(FL_TRAIN_E_IO, "nifti_write %s: %s", path, strerror(e));
    }
    return 0;
}

/* ---- slicing -------------------------------------------------------------------------------- */
/* Samples slice z of v (nx columns, ny rows) onto H x W: bilinear (half-pixel centres) or nearest,
 * or a centred crop / zero pad when crop != 0. */
static void slice_to(const fl_train_volume *v, int64_t z, int H, int W, int crop, int nearest,
                     float pad, float *dst) {
    const float *s = v->data + z * v->nx * v->ny;
    int64_t nx = v->nx, ny = v->ny;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            float val;
            if (crop) {
                int64_t sx = x + (nx - W) / 2, sy = y + (ny - H) / 2;
                val = sx >= 0 && sx < nx && sy >= 0 && sy < ny ? s[sy * nx + sx] : pad;
            } else {
                float fx = ((float)x + 0.5f) * (float)nx / (float)W - 0.5f;
                float fy = ((float)y + 0.5f) * (float)ny / (float)H - 0.5f;
                if (nearest) {
                    int64_t sx = (int64_t)floorf(((float)x + 0.5f) * (float)nx / (float)W);
                    int64_t sy = (int64_t)floorf(((float)y + 0.5f) * (float)ny / (float)H);
                    if (sx >= nx) sx = nx - 1;
                    if (sy >= ny) sy = ny - 1;
                    val = s[sy * nx + sx];
                } else {
                    if (fx < 0) fx = 0;
                    if (fy < 0) fy = 0;
                    int64_t x0 = (int64_t)fx, y0 = (int64_t)fy;
                    if (x0 > nx - 1) x0 = nx - 1;
                    if (y0 > ny - 1) y0 = ny - 1;
                    int64_t x1 = x0 + 1 < nx ? x0 + 1 : x0, y1 = y0 + 1 < ny ? y0 + 1 : y0;
                    float ax = fx - (float)x0, ay = fy - (float)y0;
                    if (ax > 1) ax = 1;
                    if (ay > 1) ay = 1;
                    val = (1 - ay) * ((1 - ax) * s[y0 * nx + x0] + ax * s[y0 * nx + x1]) +
                          ay * ((1 - ax) * s[y1 * nx + x0] + ax * s[y1 * nx + x1]);
                }
            }
            dst[y * W + x] = val;
        }
}

int fl_train_data_new_nifti(const char *const *images, const char *const *labels, int count,
                            const fl_train_nifti_opts *o, fl_train_data **out) {
    if (!out) return fl_fail(FL_TRAIN_E_INVALID, "out is NULL");
    *out = NULL;
    if (!images || !labels || !o || count < 1)
        return fl_fail(FL_TRAIN_E_INVALID, "nifti data: no image/label pairs given");
    if (o->height < 1 || o->width < 1 || o->height > 4096 || o->width > 4096)
        return fl_fail(FL_TRAIN_E_INVALID, "nifti data: size %dx%d: accepted 1..4096", o->height, o->width);
    if (o->label_mode == FL_TRAIN_LABEL_CLASSES && o->classes < 2)
        return fl_fail(FL_TRAIN_E_INVALID, "nifti data: classes %d must be at least 2", o->classes);
    int rc = fl_window_check(&o->window);
    if (rc) return rc;
    const int H = o->height, W = o->width;
    const int64_t plane = (int64_t)H * W;
    float *xs = NULL, *ys = NULL, *lab = malloc(sizeof(float) * (size_t)plane);
    int64_t n = 0, cap = 0;
    if (!lab) return fl_fail(FL_TRAIN_E_NOMEM, "nifti data: out of memory");
    for (int i = 0; i < count && rc == 0; i++) {
        fl_train_volume img, seg;
        if (!images[i] || !labels[i]) { rc = fl_fail(FL_TRAIN_E_INVALID, "nifti data: pair %d has no image or label", i); break; }
        rc = read_volume("image", images[i], &img);
        if (rc) break;
        rc = read_volume("label", labels[i], &seg);
        if (rc) { fl_train_volume_free(&img); break; }
        if (img.nx != seg.nx || img.ny != seg.ny || img.nz != seg.nz) {
            rc = fl_fail(FL_TRAIN_E_SHAPE, "label %s: shape %lldx%lldx%lld differs from image %s "
                         "(%lldx%lldx%lld)", labels[i], (long long)seg.nx, (long long)seg.ny,
                         (long long)seg.nz, images[i], (long long)img.nx, (long long)img.ny, (long long)img.nz);
        }
        for (int64_t k = 0; rc == 0 && k < seg.nx * seg.ny * seg.nz; k++) {
            float v = seg.data[k];
            if (o->label_mode == FL_TRAIN_LABEL_CLASSES && (v != floorf(v) || v < 0 || v >= o->classes))
                rc = fl_fail(FL_TRAIN_E_FORMAT, "label %s: value %g at voxel %lld is not a class in 0..%d",
                             labels[i], v, (long long)k, o->classes - 1);
        }
        for (int64_t z = 0; rc == 0 && z < img.nz; z++) {
            slice_to(&seg, z, H, W, o->fit == FL_TRAIN_FIT_CROP, 1, 0, lab);
            int any = 0;
            for (int64_t k = 0; k < plane; k++) {
                if (o->label_mode == FL_TRAIN_LABEL_BINARY) lab[k] = lab[k] > 0 ? 1.0f : 0.0f;
                any |= lab[k] > 0;
            }
            if (o->slices == FL_TRAIN_SLICES_FOREGROUND && !any) continue;
            if (n == cap) {
                int64_t nc = cap ? cap * 2 : 64;
                float *nx_ = realloc(xs, sizeof(float) * (size_t)(nc * plane));
                if (nx_) xs = nx_;
                float *ny_ = realloc(ys, sizeof(float) * (size_t)(nc * plane));
                if (ny_) ys = ny_;
                if (!nx_ || !ny_) { rc = fl_fail(FL_TRAIN_E_NOMEM, "nifti data: out of memory at %s", images[i]); break; }
                cap = nc;
            }
            float *dst = xs + n * plane;
            slice_to(&img, z, H, W, o->fit == FL_TRAIN_FIT_CROP, 0, o->window.a_min, dst);
            for (int64_t k = 0; k < plane; k++) dst[k] = fl_window_apply(&o->window, dst[k]);
            memcpy(ys + n * plane, lab, sizeof(float) * (size_t)plane);
            n++;
        }
        fl_train_volume_free(&img);
        fl_train_volume_free(&seg);
    }
    free(lab);
    if (rc == 0 && n == 0)
        rc = fl_fail(FL_TRAIN_E_INVALID, "nifti data: no slices selected from %d volume(s)%s", count,
                     o->slices == FL_TRAIN_SLICES_FOREGROUND ? " (no label has foreground)" : "");
    fl_train_data *d = NULL;
    if (rc == 0) {
        d = calloc(1, sizeof *d);
        if (!d) rc = fl_fail(FL_TRAIN_E_NOMEM, "nifti data: out of memory");
    }
    if (rc) { free(xs); free(ys); return rc; }
    d->n = n; d->channels = 1; d->height = H; d->width = W; d->label_channels = 1;
    d->x = xs; d->y = ys;
    *out = d;
    return 0;
}
