/* Fuzz target: the C training engine's data loaders (Sources/CFlockTrain), which read a site's
 * own files: NIfTI volumes (.nii, .nii.gz through niftilib: header, extensions, data, datatypes,
 * scaling) sliced into a data set, and the CSV loader.
 *
 * Byte 0 picks the mode: 0 fl_train_nifti_read on a .nii, 1 the same on a .nii.gz name (znz reads
 * plain bytes too), 2 fl_train_data_new_nifti with the file as image and label (bytes 1-2: model
 * height and width 1..32, byte 3: fit/slices/label mode), 3 fl_train_data_new_csv.
 * Built by scripts/fuzz.sh with clang -fsanitize=fuzzer,address,undefined. */
#define _GNU_SOURCE
#include "fl_train.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

static void cleanup(void) {
    char path[512];
    const char *names[] = {"in.nii", "in.nii.gz", "in.csv"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc; (void)argv;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/flockfuzz-c-%d", tmp && *tmp ? tmp : "/tmp", (int)getpid());
    mkdir(dir, 0700);
    atexit(cleanup);
    return 0;
}

static int write_file(const char *path, const uint8_t *data, size_t size) {
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    size_t n = size ? fwrite(data, 1, size, f) : 0;
    fclose(f);
    return n == size ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 4) return 0;
    int mode = data[0] % 4;
    int height = 1 + data[1] % 32, width = 1 + data[2] % 32, flags = data[3];
    const uint8_t *body = data + 4;
    size_t body_size = size - 4;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, mode == 1 ? "in.nii.gz" : mode == 3 ? "in.csv" : "in.nii");
    if (write_file(path, body, body_size) != 0) abort();

    if (mode == 0 || mode == 1) {
        fl_train_volume v;
        if (fl_train_nifti_read(path, &v) == 0) {
            /* every voxel readable and finite */
            int64_t n = v.nx * v.ny * v.nz;
            volatile float sum = 0;
            for (int64_t i = 0; i < n; i++) sum += v.data[i];
            fl_train_volume_free(&v);
        }
    } else if (mode == 2) {
        fl_train_nifti_opts o;
        memset(&o, 0, sizeof o);
        o.height = height;
        o.width = width;
        o.fit = flags & 1 ? FL_TRAIN_FIT_CROP : FL_TRAIN_FIT_RESIZE;
        o.slices = flags & 2 ? FL_TRAIN_SLICES_FOREGROUND : FL_TRAIN_SLICES_ALL;
        o.label_mode = flags & 4 ? FL_TRAIN_LABEL_CLASSES : FL_TRAIN_LABEL_BINARY;
        o.classes = 2 + (flags >> 4);
        o.window = (fl_train_window){.a_min = -1000, .a_max = 1000, .b_min = 0, .b_max = 1, .clip = flags & 8 ? 1 : 0};
        const char *images[] = {path}, *labels[] = {path};
        fl_train_data *d = NULL;
        if (fl_train_data_new_nifti(images, labels, 1, &o, &d) == 0) {
            int c, h, w, lc;
            fl_train_data_shape(d, &c, &h, &w, &lc);
            if (c != 1 || h != height || w != width || lc != 1 || fl_train_data_count(d) < 1) abort();
            float *x = malloc(sizeof(float) * (size_t)(h * w)), *y = malloc(sizeof(float) * (size_t)(h * w));
            for (int64_t i = 0; i < fl_train_data_count(d); i++)
                if (fl_train_data_sample(d, i, x, (size_t)(h * w), y, (size_t)(h * w)) != 0) abort();
            free(x);
            free(y);
            fl_train_data_del(d);
        }
    } else {
        fl_train_data *d = NULL;
        if (fl_train_data_new_csv(path, "label", 2 + flags % 8, &d) == 0) {
            int c, h, w, lc;
            fl_train_data_shape(d, &c, &h, &w, &lc);
            size_t xn = (size_t)c * (size_t)h * (size_t)w;
            float *x = malloc(sizeof(float) * (xn ? xn : 1)), *y = malloc(sizeof(float) * (size_t)(lc ? lc : 1));
            for (int64_t i = 0; i < fl_train_data_count(d); i++)
                if (fl_train_data_sample(d, i, x, xn, y, (size_t)lc) != 0) abort();
            free(x);
            free(y);
            fl_train_data_del(d);
        }
    }
    return 0;
}
