// libFuzzer front end for a .NET fuzz target written with SharpFuzz (Fuzzer.LibFuzzer.Run), in SharpFuzz's
// libFuzzer protocol: the target runs as a child process; each input goes through shared memory (after the
// 64 KiB coverage map the instrumented assembly writes into), its length through a control pipe, the outcome
// back through a status pipe. The child's coverage map is handed to libFuzzer as extra counters.
// Build: clang -O1 -fsanitize=fuzzer libfuzzer-dotnet.c -o libfuzzer-dotnet
// Run:   libfuzzer-dotnet --target_path=/usr/bin/dotnet --target_arg=Fuzz.dll --target_arg=run [libFuzzer flags] corpus
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <unistd.h>

#define MAP_SIZE (1 << 16)
#define DATA_SIZE (1 << 20)
#define CONTROL_FD 198
#define STATUS_FD 199
#define MAX_TARGET_ARGS 32

__attribute__((used, section("__libfuzzer_extra_counters"))) static uint8_t extra_counters[MAP_SIZE];

static uint8_t *shared;
static int shm_id = -1;
static int control_fd = -1;
static int status_fd = -1;

static void fail(const char *what)
{
    fprintf(stderr, "libfuzzer-dotnet: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void remove_shared_memory(void)
{
    if (shm_id >= 0) shmctl(shm_id, IPC_RMID, NULL);
}

static int read_fully(int fd, void *buffer, size_t length)
{
    size_t done = 0;
    while (done < length)
    {
        ssize_t n = read(fd, (char *)buffer + done, length - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return 0;
        done += (size_t)n;
    }
    return 1;
}

static int write_fully(int fd, const void *buffer, size_t length)
{
    size_t done = 0;
    while (done < length)
    {
        ssize_t n = write(fd, (const char *)buffer + done, length - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return 0;
        done += (size_t)n;
    }
    return 1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *target = NULL;
    char *target_args[MAX_TARGET_ARGS + 2];
    int count = 0;
    for (int i = 1; i < *argc; i++)
    {
        const char *arg = (*argv)[i];
        if (strncmp(arg, "--target_path=", 14) == 0) target = arg + 14;
        else if (strncmp(arg, "--target_arg=", 13) == 0 && count < MAX_TARGET_ARGS) target_args[1 + count++] = (char *)arg + 13;
    }
    if (target == NULL)
    {
        fprintf(stderr, "libfuzzer-dotnet: give the target with --target_path=<executable> [--target_arg=<argument>]...\n");
        exit(1);
    }
    target_args[0] = (char *)target;
    target_args[1 + count] = NULL;

    int control[2], status[2];
    if (pipe(control) != 0 || pipe(status) != 0) fail("pipe");
    shm_id = shmget(IPC_PRIVATE, MAP_SIZE + DATA_SIZE, IPC_CREAT | IPC_EXCL | 0600);
    if (shm_id < 0) fail("shmget");
    atexit(remove_shared_memory);
    shared = shmat(shm_id, NULL, 0);
    if (shared == (void *)-1) fail("shmat");

    pid_t child = fork();
    if (child < 0) fail("fork");
    if (child == 0)
    {
        // The target dies with the fuzzer (libFuzzer ends a timeout or a crash with _Exit, not atexit handlers).
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (dup2(control[0], CONTROL_FD) < 0 || dup2(status[1], STATUS_FD) < 0) fail("dup2");
        close(control[0]);
        close(control[1]);
        close(status[0]);
        close(status[1]);
        char id[16];
        snprintf(id, sizeof id, "%d", shm_id);
        setenv("__LIBFUZZER_SHM_ID", id, 1);
        setenv("__LIBFUZZER_CONTROL_PIPE_ID", "198", 1);
        setenv("__LIBFUZZER_STATUS_PIPE_ID", "199", 1);
        execv(target, target_args);
        fail("execv");
    }
    close(control[0]);
    close(status[1]);
    control_fd = control[1];
    status_fd = status[0];
    int32_t hello;
    if (!read_fully(status_fd, &hello, sizeof hello))
    {
        fprintf(stderr, "libfuzzer-dotnet: the target exited before it was ready\n");
        exit(1);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > DATA_SIZE) return 0;
    memset(shared, 0, MAP_SIZE);
    memcpy(shared + MAP_SIZE, data, size);
    int32_t length = (int32_t)size;
    if (!write_fully(control_fd, &length, sizeof length))
    {
        fprintf(stderr, "libfuzzer-dotnet: the target is gone (it died on the previous input or was killed)\n");
        abort();
    }
    int32_t status;
    if (!read_fully(status_fd, &status, sizeof status))
    {
        // A native crash, an abort or the OOM killer: libFuzzer records this input as the crash.
        fprintf(stderr, "libfuzzer-dotnet: the target died on this input\n");
        abort();
    }
    memcpy(extra_counters, shared, MAP_SIZE);
    if (status != 0)
    {
        fprintf(stderr, "libfuzzer-dotnet: the target threw an exception that is not a CheckpointException (its stack trace is above)\n");
        abort();
    }
    return 0;
}
