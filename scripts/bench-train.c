/* bench-train.c: the training engine's side of `make bench-train` (scripts/bench-train.sh builds
 * it from Sources/CFlockTrain with the package's flags and scripts/bench-train.py drives it).
 *
 *   bench-train speed THREADS STEPS   samples/s of U-Net training steps (after 2 warm-up steps)
 *   bench-train dice THREADS EPOCHS   mean Dice on the phantom validation set after EPOCHS
 *
 * The network is the default config: unet2d depth 3, base 16, 64x64, instance norm, Dice+BCE,
 * Adam, batch 8, fp32. */
#include "fl_train.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void die(const char *what, int rc) {
    fprintf(stderr, "bench-train: %s: %s (%s)\n", what, fl_train_last_error(), fl_train_strerror(rc));
    exit(1);
}

int main(int argc, char **argv) {
    if (argc != 4 || (strcmp(argv[1], "speed") && strcmp(argv[1], "dice"))) {
        fprintf(stderr, "usage: bench-train speed|dice THREADS STEPS|EPOCHS\n");
        return 2;
    }
    int threads = atoi(argv[2]), count = atoi(argv[3]);
    fl_train_set_log(NULL, NULL);
    fl_train_config c;
    fl_train_config_init(&c);
    c.threads = threads;
    c.backend = FL_TRAIN_BACKEND_CPU;
    int dice = strcmp(argv[1], "dice") == 0;
    if (dice) { c.lr = 3e-3f; c.seed = 1; }
    fl_train_model *m;
    int rc = fl_train_new(&c, &m);
    if (rc) die("model", rc);
    fl_train_window w = {-160, 240, 0, 1, 1};
    fl_train_phantom p;
    fl_train_phantom_init(&p);
    p.site = "site-1";
    p.samples = dice ? 128 : c.batch_size * (count + 2);
    fl_train_data *train, *val;
    if ((rc = fl_train_data_new_phantom(&p, &w, &train))) die("phantom", rc);
    p.split = 1;
    p.samples = 32;
    if ((rc = fl_train_data_new_phantom(&p, &w, &val))) die("phantom", rc);
    fl_train_fit_result r;
    if (!dice) {
        /* warm-up: 2 steps on a 16-sample subset */
        fl_train_data *warm;
        fl_train_phantom q = p;
        q.split = 0;
        q.samples = 2 * c.batch_size;
        if ((rc = fl_train_data_new_phantom(&q, &w, &warm))) die("phantom", rc);
        if ((rc = fl_train_fit(m, warm, 1, NULL, NULL, NULL, &r))) die("fit", rc);
        fl_train_data_del(warm);
        fl_train_data *steps;
        q.samples = c.batch_size * count;
        if ((rc = fl_train_data_new_phantom(&q, &w, &steps))) die("phantom", rc);
        double t0 = now();
        if ((rc = fl_train_fit(m, steps, 1, NULL, NULL, NULL, &r))) die("fit", rc);
        double t1 = now();
        printf("%.3f\n", (double)q.samples / (t1 - t0));
        fl_train_data_del(steps);
    } else {
        double t0 = now();
        if ((rc = fl_train_fit(m, train, count, NULL, NULL, NULL, &r))) die("fit", rc);
        double t1 = now();
        fl_train_metrics met;
        if ((rc = fl_train_evaluate(m, val, NULL, &met))) die("evaluate", rc);
        printf("%.4f %.4f %.1f\n", met.mean_dice, r.loss, t1 - t0);
    }
    fl_train_data_del(train);
    fl_train_data_del(val);
    fl_train_del(m);
    return 0;
}
