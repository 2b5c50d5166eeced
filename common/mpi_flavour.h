/* mpi_flavour.h - which MPI implementation this program was built with: the one place C
 * code asks (the shell scripts and CMake ask scripts/mpi-flavour).
 *
 *     if (mpit_mpi_flavour_of_build() == MPIT_MPI_OPEN_MPI)
 *         ... something only Open MPI needs ...
 *
 * (Names start with mpit_/MPIT_: the MPI standard reserves MPI_ for the implementations.)
 * Decided at compile time from the macros each implementation's mpi.h defines (OPEN_MPI,
 * MPICH_VERSION); a program always runs with the library of the mpi.h it was compiled
 * against (CMake checks that mpiexec belongs to the same MPI).
 */
#ifndef MPIT_MPI_FLAVOUR_H
#define MPIT_MPI_FLAVOUR_H

#include <mpi.h>
#include <stdbool.h>

typedef enum {
    MPIT_MPI_OTHER,
    MPIT_MPI_OPEN_MPI,
    MPIT_MPI_MPICH, /* MPICH and the MPIs built from it (Intel MPI, MVAPICH, ...) */
} mpit_mpi_flavour;

static inline mpit_mpi_flavour mpit_mpi_flavour_of_build(void)
{
#if defined(OPEN_MPI)
    return MPIT_MPI_OPEN_MPI;
#elif defined(MPICH_VERSION) || defined(MPICH)
    return MPIT_MPI_MPICH;
#else
    return MPIT_MPI_OTHER;
#endif
}

/* Does this environment entry ("NAME=value") tell a process that it belongs to an MPI job
 * (how a launcher hands each process its rank, its job and where to connect)? A program
 * started with none of them runs on its own, as a singleton. Open MPI: OMPI_, OPAL_, ORTE_
 * and PMIX_; MPICH's Hydra: PMI_, HYDI_, HYDRA_ and MPIR_. */
static inline bool mpit_is_launcher_variable(const char *entry)
{
    static const char *const prefixes[] = {"OMPI_", "OPAL_", "ORTE_",  "PMIX_",
                                           "PMI_",  "HYDI_", "HYDRA_", "MPIR_"};
    for (unsigned i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        const char *p = prefixes[i], *e = entry;
        while (*p && *p == *e)
            p++, e++;
        if (!*p)
            return true;
    }
    return false;
}

#endif
