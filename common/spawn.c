/* spawn.c - MPI_Comm_spawn with the checks that keep a failure from hanging; see spawn.h. */
#define _POSIX_C_SOURCE 200809L
#include "spawn.h"

#include "mpi_flavour.h"

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

static bool is_true(const char *v)
{
    return strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0 ||
           strcasecmp(v, "enabled") == 0;
}

/* The parameter files Open MPI reads, comma-separated, as it reports them through the MPI
 * tool interface (its control variable mca_base_param_files); if that fails, the per-user
 * file alone. */
static void openmpi_param_files(char *files, size_t len)
{
    const char *home = getenv("HOME");
    snprintf(files, len, "%s/.openmpi/mca-params.conf", home ? home : "");
    int provided = 0, index = 0, count = 0;
    if (MPI_T_init_thread(MPI_THREAD_SINGLE, &provided) != MPI_SUCCESS)
        return;
    MPI_T_cvar_handle handle;
    if (MPI_T_cvar_get_index("mca_base_param_files", &index) == MPI_SUCCESS &&
        MPI_T_cvar_handle_alloc(index, NULL, &handle, &count) == MPI_SUCCESS) {
        char *list = calloc((size_t)count + 1, 1);
        if (list && count > 0 && MPI_T_cvar_read(handle, list) == MPI_SUCCESS && strlen(list) < len)
            snprintf(files, len, "%s", list);
        free(list);
        MPI_T_cvar_handle_free(&handle);
    }
    MPI_T_finalize();
}

/* The value of `name` in one Open MPI parameter file ("name = value" lines, # comments). */
static bool param_in_file(const char *file, const char *name, char *value, size_t len)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return false;
    char line[1024];
    bool found = false;
    size_t name_len = strlen(name);
    while (!found && fgets(line, sizeof line, f)) {
        char *p = line + strspn(line, " \t");
        if (strncmp(p, name, name_len) != 0)
            continue;
        p += name_len;
        p += strspn(p, " \t");
        if (*p != '=')
            continue;
        p += 1 + strspn(p + 1, " \t");
        p[strcspn(p, " \t\r\n#")] = '\0';
        snprintf(value, len, "%s", p);
        found = true;
    }
    fclose(f);
    return found;
}

/* Open MPI's parameter `name` as its mpiexec sees it: from the environment (where mpiexec
 * also puts what its --mca and --oversubscribe options said), else from the first parameter
 * file that sets it (the per-user ~/.openmpi/mca-params.conf comes first: scripts/setup-mpi
 * allows oversubscription there). False when nothing sets it. */
static bool openmpi_param(const char *name, char *value, size_t len)
{
    char env_name[128];
    snprintf(env_name, sizeof env_name, "OMPI_MCA_%s", name);
    const char *v = getenv(env_name);
    if (v) {
        snprintf(value, len, "%s", v);
        return true;
    }
    char files[4096];
    openmpi_param_files(files, sizeof files);
    char *save = NULL;
    for (char *file = strtok_r(files, ",", &save); file; file = strtok_r(NULL, ",", &save))
        if (param_in_file(file, name, value, len))
            return true;
    return false;
}

/* May Open MPI's mpiexec put more processes on a host than it has slots? Yes when
 * rmaps_base_oversubscribe is true, or the mapping policy (--map-by ...:OVERSUBSCRIBE) says
 * so. */
static bool openmpi_may_oversubscribe(void)
{
    char value[256];
    if (openmpi_param("rmaps_base_oversubscribe", value, sizeof value) && is_true(value))
        return true;
    const char *policy = getenv("OMPI_MCA_rmaps_base_mapping_policy");
    const char *mod = policy ? strstr(policy, "OVERSUBSCRIBE") : NULL;
    return mod && !(mod - policy >= 2 && strncmp(mod - 2, "NO", 2) == 0);
}

/* Open MPI only: do `workers` more processes fit in the slots mpiexec knows about? Its
 * mpiexec tells every process how many slots there are (MPI_UNIVERSE_SIZE); more than that
 * fit only when oversubscription is allowed. */
static bool openmpi_slots_ok(int workers, char *err, size_t err_len)
{
    int *universe = NULL, known = 0, world_size = 1;
    if (mpit_mpi_flavour_of_build() != MPIT_MPI_OPEN_MPI || openmpi_may_oversubscribe())
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
