/* spawn.c - MPI_Comm_spawn with the checks that keep a failure from hanging; see spawn.h. */
#define _POSIX_C_SOURCE 200809L
#include "spawn.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

bool spawn_locate(const char *name, const char *argv0, char *path, size_t len)
{
    char self[4096] = "";
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
    } else if (argv0 && strchr(argv0, '/')) {
        snprintf(self, sizeof self, "%s", argv0);
    } else {
        /* Started through PATH: the program is wherever PATH finds it, so is its sibling. */
        return snprintf(path, len, "%s", name) < (int)len;
    }
    char *slash = strrchr(self, '/');
    int dir_len = (int)(slash - self);
    return snprintf(path, len, "%.*s/%s", dir_len, self, name) < (int)len;
}

static bool env_true(const char *name)
{
    const char *v = getenv(name);
    return v && (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0);
}

/* Open MPI only: do `workers` more processes fit in the slots mpiexec knows about? Its
 * mpiexec tells every process how many slots there are (MPI_UNIVERSE_SIZE) and, through
 * the environment, whether --oversubscribe (or --map-by :OVERSUBSCRIBE) was given. */
static bool openmpi_slots_ok(int workers, char *err, size_t err_len)
{
    char lib[MPI_MAX_LIBRARY_VERSION_STRING] = "";
    int len = 0, *universe = NULL, known = 0, world_size = 1;
    MPI_Get_library_version(lib, &len);
    if (strstr(lib, "Open MPI") == NULL)
        return true;
    const char *policy = getenv("OMPI_MCA_rmaps_base_mapping_policy");
    if (env_true("OMPI_MCA_rmaps_base_oversubscribe") ||
        (policy && strstr(policy, "OVERSUBSCRIBE")))
        return true;
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_UNIVERSE_SIZE, &universe, &known);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    if (!known || *universe - world_size >= workers)
        return true;
    int free_slots = *universe > world_size ? *universe - world_size : 0;
    snprintf(err, err_len,
             "no free slots for %d worker%s (MPI has %d slot%s, %d in use); run mpiexec with "
             "--oversubscribe, or give it a hostfile with more slots",
             workers, workers == 1 ? "" : "s", *universe, *universe == 1 ? "" : "s",
             *universe - free_slots);
    return false;
}

/* MPI's name for the class of an error ("MPI_ERR_SPAWN: could not spawn processes"); the
 * full text can run over several lines (MPICH's error stack). */
static void error_text(int code, char *text, size_t len)
{
    char buf[MPI_MAX_ERROR_STRING] = "unknown error";
    int n = 0, error_class = code;
    MPI_Error_class(code, &error_class);
    MPI_Error_string(error_class, buf, &n);
    buf[strcspn(buf, "\n")] = '\0';
    snprintf(text, len, "%s", buf);
}

bool spawn_start(const char *path, char **args, int workers, MPI_Comm *inter, char *err,
                 size_t err_len)
{
    *inter = MPI_COMM_NULL;
    if (access(path, X_OK) != 0) {
        snprintf(err, err_len, "cannot start the worker program '%s': %s", path, strerror(errno));
        return false;
    }
    if (!openmpi_slots_ok(workers, err, err_len))
        return false;

    /* Errors come back as return codes instead of ending the job: a failed spawn is
     * something the user can fix (fewer workers, more slots). */
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    int *codes = calloc((size_t)workers, sizeof *codes);
    if (!codes) {
        snprintf(err, err_len, "out of memory");
        return false;
    }
    int rc = MPI_Comm_spawn(path, args, workers, MPI_INFO_NULL, 0, MPI_COMM_SELF, inter, codes);
    int bad = rc;
    for (int i = 0; i < workers && bad == MPI_SUCCESS; i++)
        bad = codes[i];
    free(codes);
    if (bad == MPI_SUCCESS)
        return true;
    char text[MPI_MAX_ERROR_STRING];
    error_text(bad, text, sizeof text);
    snprintf(err, err_len,
             "this MPI could not spawn %d worker%s (%s); check that it supports "
             "MPI_Comm_spawn and has room for them (Open MPI: mpiexec --oversubscribe, or a "
             "hostfile with more slots)",
             workers, workers == 1 ? "" : "s", text);
    /* Some workers may have started: let them go (they see the broken link and exit). */
    if (*inter != MPI_COMM_NULL)
        MPI_Comm_disconnect(inter);
    *inter = MPI_COMM_NULL;
    return false;
}
