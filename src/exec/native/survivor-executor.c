/*
 * survivor-executor: the native executor of Survivor's scheduler daemon.
 *
 * ss starts a few of these and asks them, over their stdin and stdout, to
 * start module processes; they report what happened. It does exactly what
 * src/exec/run-process.ts does in the Node executor (same outcome for every
 * case: timeout, group kill, drain of pipes held by a background child, output
 * cap), but it is a ~100 KB process: forking from it costs ~0.05 ms of CPU
 * against ~0.8 ms from a Node process, which is what decides how many checks
 * a second a 2-core machine can run.
 *
 * Protocol (little-endian; "str" is a u32 length then that many bytes):
 *   every frame: u32 payload length, then the payload
 *   request  'R' u32 id, u32 timeout_ms, u32 grace_ms, u32 max_output,
 *            u32 drain_ms, str cwd, u32 argc, argc × str, u32 envc,
 *            envc × str ("NAME=value"), u8 has_stdin, [str stdin]
 *   started  'S' u32 id, i32 pid
 *   done     'D' u32 id, i32 pid (0: never started), i32 exit code (-1: none),
 *            i32 signal (0: none), u8 flags (1 timed out, 2 truncated),
 *            u32 duration_ms, f64 started_at (epoch ms), str error code
 *            ("" or "ENOENT", …), str error text, str stdout, str stderr
 * EOF on stdin or SIGTERM: every running process group is SIGKILLed and the
 * executor exits 0. A malformed frame is a bug in ss: exit 2 with a message.
 *
 * Linux only (signalfd, pipe2, posix_spawn_file_actions_addchdir_np).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_FRAME (256u * 1024 * 1024) /* a request is never near this: ss sends argv, env and a host list */
#define LINGER_MS 100                  /* after the final SIGKILL, how long the pipes get to report EOF */
#define READ_CHUNK 65536

struct buf {
  char *data;
  size_t len, cap;
};

enum phase { RUNNING, EXITED, LINGERING };

struct run {
  uint32_t id;
  pid_t pid;
  int in_fd, out_fd, err_fd; /* -1 once closed */
  struct buf input;
  size_t input_off;
  struct buf out, err;
  uint32_t max_output, grace_ms, drain_ms;
  int truncated, timed_out;
  int status; /* from waitpid, valid in EXITED/LINGERING */
  enum phase phase;
  int64_t begin_ms;     /* monotonic */
  double started_at;    /* epoch ms */
  uint32_t duration_ms; /* start → exit */
  int64_t term_at, kill_at, drain_at, linger_at; /* monotonic deadlines, 0 = none */
};

static struct run **runs;
static size_t nruns, caprun;
static struct buf inbox, outbox;
static int stdin_open = 1;

static void die(const char *what) {
  fprintf(stderr, "survivor-executor: %s\n", what);
  exit(2);
}

static void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (q == NULL) die("out of memory");
  return q;
}

static void buf_reserve(struct buf *b, size_t more) {
  if (b->len + more <= b->cap) return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + more) cap *= 2;
  b->data = xrealloc(b->data, cap);
  b->cap = cap;
}

static void buf_add(struct buf *b, const void *p, size_t n) {
  buf_reserve(b, n);
  memcpy(b->data + b->len, p, n);
  b->len += n;
}

static void buf_free(struct buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

static int64_t now_mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double now_epoch_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (double)ts.tv_sec * 1000.0 + (double)(ts.tv_nsec / 1000000);
}

static void close_fd(int *fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

static void kill_group(pid_t pgid, int sig) {
  if (pgid > 0) kill(-pgid, sig); /* ESRCH: the whole group is gone */
}

/* ---- replies ---------------------------------------------------------- */

static void put_u32(struct buf *b, uint32_t v) {
  unsigned char c[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff};
  buf_add(b, c, 4);
}

static void put_str(struct buf *b, const char *p, size_t n) {
  put_u32(b, (uint32_t)n);
  buf_add(b, p, n);
}

static void put_f64(struct buf *b, double v) {
  uint64_t u;
  memcpy(&u, &v, 8);
  put_u32(b, (uint32_t)(u & 0xffffffffu));
  put_u32(b, (uint32_t)(u >> 32));
}

/* Frames are built in place: reserve the length word, fill, patch it. */
static size_t frame_begin(char type) {
  size_t at = outbox.len;
  put_u32(&outbox, 0);
  buf_add(&outbox, &type, 1);
  return at;
}

static void frame_end(size_t at) {
  uint32_t n = (uint32_t)(outbox.len - at - 4);
  unsigned char c[4] = {n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >> 24) & 0xff};
  memcpy(outbox.data + at, c, 4);
}

static void send_started(uint32_t id, pid_t pid) {
  size_t at = frame_begin('S');
  put_u32(&outbox, id);
  put_u32(&outbox, (uint32_t)pid);
  frame_end(at);
}

static const char *errno_name(int e) {
  switch (e) {
    case ENOENT: return "ENOENT";
    case EACCES: return "EACCES";
    case ENOEXEC: return "ENOEXEC";
    case EMFILE: return "EMFILE";
    case ENFILE: return "ENFILE";
    case ENOTDIR: return "ENOTDIR";
    case ELOOP: return "ELOOP";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case E2BIG: return "E2BIG";
    case ENOMEM: return "ENOMEM";
    case EAGAIN: return "EAGAIN";
    case ETXTBSY: return "ETXTBSY";
    case EPERM: return "EPERM";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    default: return "";
  }
}

static void send_done(uint32_t id, pid_t pid, int status, int exited, int timed_out, int truncated, uint32_t duration_ms,
                      double started_at, int spawn_errno, const struct buf *out, const struct buf *err) {
  size_t at = frame_begin('D');
  put_u32(&outbox, id);
  put_u32(&outbox, (uint32_t)pid);
  put_u32(&outbox, (uint32_t)(exited && WIFEXITED(status) ? WEXITSTATUS(status) : -1));
  put_u32(&outbox, (uint32_t)(exited && WIFSIGNALED(status) ? WTERMSIG(status) : 0));
  unsigned char flags = (timed_out ? 1 : 0) | (truncated ? 2 : 0);
  buf_add(&outbox, &flags, 1);
  put_u32(&outbox, duration_ms);
  put_f64(&outbox, started_at);
  const char *code = spawn_errno ? errno_name(spawn_errno) : "";
  const char *text = spawn_errno ? strerror(spawn_errno) : "";
  put_str(&outbox, code, strlen(code));
  put_str(&outbox, text, strlen(text));
  put_str(&outbox, out ? out->data : "", out ? out->len : 0);
  put_str(&outbox, err ? err->data : "", err ? err->len : 0);
  frame_end(at);
}

/* ---- runs ------------------------------------------------------------- */

static void add_run(struct run *r) {
  if (nruns == caprun) {
    caprun = caprun ? caprun * 2 : 16;
    runs = xrealloc(runs, caprun * sizeof *runs);
  }
  runs[nruns++] = r;
}

static void finish(size_t i) {
  struct run *r = runs[i];
  kill_group(r->pid, SIGKILL); /* a module must not leave work behind (1.0's rule) */
  close_fd(&r->in_fd);
  close_fd(&r->out_fd);
  close_fd(&r->err_fd);
  send_done(r->id, r->pid, r->status, 1, r->timed_out, r->truncated, r->duration_ms, r->started_at, 0, &r->out, &r->err);
  buf_free(&r->input);
  buf_free(&r->out);
  buf_free(&r->err);
  free(r);
  runs[i] = runs[--nruns];
}

/* Called after any change: finishes the run when its process exited and both pipes are closed. */
static int settle(size_t i) {
  struct run *r = runs[i];
  if (r->phase != RUNNING && r->out_fd < 0 && r->err_fd < 0) {
    finish(i);
    return 1;
  }
  return 0;
}

static void on_exit_status(pid_t pid, int status) {
  for (size_t i = 0; i < nruns; i++) {
    struct run *r = runs[i];
    if (r->pid != pid || r->phase != RUNNING) continue;
    r->status = status;
    r->phase = EXITED;
    r->duration_ms = (uint32_t)(now_mono() - r->begin_ms);
    r->term_at = r->kill_at = 0;
    close_fd(&r->in_fd);
    if (!settle(i)) r->drain_at = now_mono() + r->drain_ms;
    return;
  }
}

/* Splits PATH of the request's environment (libuv's default when absent). */
static const char *env_path(char **envp) {
  for (char **e = envp; *e != NULL; e++) {
    if (strncmp(*e, "PATH=", 5) == 0) return *e + 5;
  }
  return "/usr/bin:/bin";
}

/* The file to execute: as given when it contains a slash, else the first executable match in PATH. */
static char *resolve_program(const char *file, char **envp) {
  if (strchr(file, '/') != NULL) return strdup(file);
  const char *path = env_path(envp);
  size_t flen = strlen(file);
  char *found = NULL;
  while (found == NULL) {
    const char *colon = strchr(path, ':');
    size_t dlen = colon ? (size_t)(colon - path) : strlen(path);
    char *candidate = xrealloc(NULL, dlen + flen + 3);
    if (dlen == 0) snprintf(candidate, dlen + flen + 3, "./%s", file);
    else snprintf(candidate, dlen + flen + 3, "%.*s/%s", (int)dlen, path, file);
    struct stat st;
    if (stat(candidate, &st) == 0 && S_ISREG(st.st_mode) && access(candidate, X_OK) == 0) found = candidate;
    else free(candidate);
    if (colon == NULL) break;
    path = colon + 1;
  }
  return found;
}

static int spawn_module(struct run *r, char **argv, char **envp, const char *cwd) {
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0) return errno;
  if (pipe2(out, O_CLOEXEC) != 0) {
    int e = errno;
    close(in[0]), close(in[1]);
    return e;
  }
  if (pipe2(err, O_CLOEXEC) != 0) {
    int e = errno;
    close(in[0]), close(in[1]), close(out[0]), close(out[1]);
    return e;
  }
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  posix_spawn_file_actions_addchdir_np(&fa, cwd);
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  int e;
  char *program = resolve_program(argv[0], envp);
  if (program == NULL) {
    e = ENOENT;
  } else {
    pid_t pid;
    e = posix_spawn(&pid, program, &fa, &attr, argv, envp);
    if (e == ENOEXEC) {
      /* Neither a binary nor a #! script: like execvp(3) and the Node executor, hand it to /bin/sh. */
      size_t argc = 0;
      while (argv[argc] != NULL) argc++;
      char **shell = xrealloc(NULL, (argc + 2) * sizeof *shell);
      shell[0] = "/bin/sh";
      shell[1] = program;
      for (size_t k = 1; k <= argc; k++) shell[k + 1] = argv[k];
      e = posix_spawn(&pid, "/bin/sh", &fa, &attr, shell, envp);
      free(shell);
    }
    if (e == 0) r->pid = pid;
  }
  free(program);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  close(in[0]), close(out[1]), close(err[1]);
  if (e != 0) {
    close(in[1]), close(out[0]), close(err[0]);
    return e;
  }
  r->in_fd = in[1];
  r->out_fd = out[0];
  r->err_fd = err[0];
  fcntl(r->in_fd, F_SETFL, O_NONBLOCK);
  fcntl(r->out_fd, F_SETFL, O_NONBLOCK);
  fcntl(r->err_fd, F_SETFL, O_NONBLOCK);
  return 0;
}

/* ---- requests --------------------------------------------------------- */

struct reader {
  const unsigned char *p, *end;
};

static uint32_t get_u32(struct reader *rd) {
  if (rd->end - rd->p < 4) die("truncated request");
  uint32_t v = (uint32_t)rd->p[0] | (uint32_t)rd->p[1] << 8 | (uint32_t)rd->p[2] << 16 | (uint32_t)rd->p[3] << 24;
  rd->p += 4;
  return v;
}

/* A NUL-terminated copy (argv, env and cwd cannot hold NUL; ss refuses such names before they get here). */
static char *get_cstr(struct reader *rd) {
  uint32_t n = get_u32(rd);
  if ((size_t)(rd->end - rd->p) < n) die("truncated request");
  char *s = xrealloc(NULL, (size_t)n + 1);
  memcpy(s, rd->p, n);
  s[n] = '\0';
  rd->p += n;
  return s;
}

static char **get_strv(struct reader *rd) {
  uint32_t n = get_u32(rd);
  if (n > (uint32_t)(rd->end - rd->p) / 4) die("bad request vector");
  char **v = xrealloc(NULL, ((size_t)n + 1) * sizeof *v);
  for (uint32_t k = 0; k < n; k++) v[k] = get_cstr(rd);
  v[n] = NULL;
  return v;
}

static void free_strv(char **v) {
  for (char **p = v; *p != NULL; p++) free(*p);
  free(v);
}

static void start_request(const unsigned char *payload, size_t len) {
  struct reader rd = {payload, payload + len};
  if (len < 1 || *rd.p++ != 'R') die("unknown frame type");
  struct run *r = calloc(1, sizeof *r);
  if (r == NULL) die("out of memory");
  r->in_fd = r->out_fd = r->err_fd = -1;
  r->id = get_u32(&rd);
  uint32_t timeout_ms = get_u32(&rd);
  r->grace_ms = get_u32(&rd);
  r->max_output = get_u32(&rd);
  r->drain_ms = get_u32(&rd);
  char *cwd = get_cstr(&rd);
  char **argv = get_strv(&rd);
  char **envp = get_strv(&rd);
  if (rd.p >= rd.end) die("truncated request");
  if (*rd.p++) {
    uint32_t n = get_u32(&rd);
    if ((size_t)(rd.end - rd.p) < n) die("truncated request");
    buf_add(&r->input, rd.p, n);
  }
  r->begin_ms = now_mono();
  r->started_at = now_epoch_ms();
  int e = argv[0] == NULL ? EINVAL : spawn_module(r, argv, envp, cwd);
  free(cwd);
  free_strv(argv);
  free_strv(envp);
  if (e != 0) {
    send_done(r->id, 0, 0, 0, 0, 0, (uint32_t)(now_mono() - r->begin_ms), r->started_at, e, NULL, NULL);
    buf_free(&r->input);
    free(r);
    return;
  }
  r->term_at = r->begin_ms + timeout_ms;
  if (r->input.len == 0) close_fd(&r->in_fd);
  add_run(r);
  send_started(r->id, r->pid);
}

static void take_requests(void) {
  size_t off = 0;
  while (inbox.len - off >= 4) {
    const unsigned char *p = (const unsigned char *)inbox.data + off;
    uint32_t n = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    if (n > MAX_FRAME) die("request frame too large");
    if (inbox.len - off - 4 < n) break;
    start_request(p + 4, n);
    off += 4 + (size_t)n;
  }
  memmove(inbox.data, inbox.data + off, inbox.len - off);
  inbox.len -= off;
}

/* ---- event loop ------------------------------------------------------- */

static void kill_all_and_exit(void) {
  for (size_t i = 0; i < nruns; i++) kill_group(runs[i]->pid, SIGKILL);
  exit(0);
}

static void read_output(struct run *r, int *fd, struct buf *b) {
  char chunk[READ_CHUNK];
  for (;;) {
    ssize_t n = read(*fd, chunk, sizeof chunk);
    if (n > 0) {
      size_t room = r->max_output > b->len ? r->max_output - b->len : 0;
      size_t keep = (size_t)n < room ? (size_t)n : room;
      if ((size_t)n > room) r->truncated = 1;
      if (keep > 0) buf_add(b, chunk, keep);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    close_fd(fd); /* EOF or an error: either way nothing more comes */
    return;
  }
}

static void write_input(struct run *r) {
  while (r->input_off < r->input.len) {
    ssize_t n = write(r->in_fd, r->input.data + r->input_off, r->input.len - r->input_off);
    if (n > 0) {
      r->input_off += (size_t)n;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    break; /* EPIPE: the module does not read its stdin */
  }
  close_fd(&r->in_fd);
  buf_free(&r->input);
}

static void flush_outbox(void) {
  size_t off = 0;
  while (off < outbox.len) {
    ssize_t n = write(1, outbox.data + off, outbox.len - off);
    if (n > 0) {
      off += (size_t)n;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) break;
    kill_all_and_exit(); /* EPIPE: ss is gone */
  }
  memmove(outbox.data, outbox.data + off, outbox.len - off);
  outbox.len -= off;
}

static void fire_timers(int64_t now) {
  for (size_t i = 0; i < nruns;) {
    struct run *r = runs[i];
    if (r->term_at && now >= r->term_at) {
      r->term_at = 0;
      r->timed_out = 1;
      kill_group(r->pid, SIGTERM);
      r->kill_at = now + r->grace_ms;
    }
    if (r->kill_at && now >= r->kill_at) {
      r->kill_at = 0;
      kill_group(r->pid, SIGKILL);
    }
    if (r->drain_at && now >= r->drain_at) {
      /* A background child still holds stdout or stderr: kill the group, give the pipes a moment. */
      r->drain_at = 0;
      kill_group(r->pid, SIGKILL);
      r->phase = LINGERING;
      r->linger_at = now + LINGER_MS;
    }
    if (r->linger_at && now >= r->linger_at) {
      close_fd(&r->out_fd);
      close_fd(&r->err_fd);
      finish(i);
      continue;
    }
    i++;
  }
}

static int next_timeout(int64_t now) {
  int64_t soonest = -1;
  for (size_t i = 0; i < nruns; i++) {
    int64_t t[4] = {runs[i]->term_at, runs[i]->kill_at, runs[i]->drain_at, runs[i]->linger_at};
    for (int k = 0; k < 4; k++) {
      if (t[k] && (soonest < 0 || t[k] < soonest)) soonest = t[k];
    }
  }
  if (soonest < 0) return -1;
  int64_t ms = soonest - now;
  if (ms < 0) ms = 0;
  return ms > INT_MAX ? INT_MAX : (int)ms;
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  signal(SIGINT, SIG_IGN); /* a Ctrl-C reaches the whole foreground group; ss decides how to stop */
  signal(SIGHUP, SIG_IGN);
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGCHLD);
  sigaddset(&mask, SIGTERM);
  if (sigprocmask(SIG_BLOCK, &mask, NULL) != 0) die("sigprocmask");
  int sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
  if (sfd < 0) die("signalfd");
  fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
  fcntl(1, F_SETFL, fcntl(1, F_GETFL) | O_NONBLOCK);

  struct pollfd *fds = NULL;
  uint32_t *slot_ids = NULL; /* the run of each group of 3 pipe slots, by id: finish() reorders runs[] */
  size_t capfds = 0;
  for (;;) {
    size_t want = 3 + nruns * 3;
    if (want > capfds) {
      capfds = want * 2;
      fds = xrealloc(fds, capfds * sizeof *fds);
      slot_ids = xrealloc(slot_ids, (capfds / 3 + 1) * sizeof *slot_ids);
    }
    size_t n = 0;
    fds[n++] = (struct pollfd){.fd = sfd, .events = POLLIN};
    fds[n++] = (struct pollfd){.fd = stdin_open ? 0 : -1, .events = POLLIN};
    fds[n++] = (struct pollfd){.fd = outbox.len > 0 ? 1 : -1, .events = POLLOUT};
    size_t count = nruns;
    for (size_t i = 0; i < count; i++) {
      slot_ids[i] = runs[i]->id;
      fds[n++] = (struct pollfd){.fd = runs[i]->in_fd, .events = POLLOUT};
      fds[n++] = (struct pollfd){.fd = runs[i]->out_fd, .events = POLLIN};
      fds[n++] = (struct pollfd){.fd = runs[i]->err_fd, .events = POLLIN};
    }
    int ready = poll(fds, n, next_timeout(now_mono()));
    if (ready < 0 && errno != EINTR) die("poll");

    if (ready > 0) {
      for (size_t k = 0; k < count; k++) {
        struct pollfd *slot = &fds[3 + 3 * k];
        if (!slot[0].revents && !slot[1].revents && !slot[2].revents) continue;
        size_t i;
        for (i = 0; i < nruns && runs[i]->id != slot_ids[k]; i++) {}
        if (i == nruns) continue;
        struct run *r = runs[i];
        if (slot[0].revents && r->in_fd >= 0) write_input(r);
        if (slot[1].revents && r->out_fd >= 0) read_output(r, &r->out_fd, &r->out);
        if (slot[2].revents && r->err_fd >= 0) read_output(r, &r->err_fd, &r->err);
        settle(i);
      }
      if (fds[0].revents) {
        struct signalfd_siginfo si;
        int reap = 0;
        while (read(sfd, &si, sizeof si) == (ssize_t)sizeof si) {
          if (si.ssi_signo == SIGTERM) kill_all_and_exit();
          if (si.ssi_signo == SIGCHLD) reap = 1;
        }
        if (reap) {
          int status;
          pid_t pid;
          while ((pid = waitpid(-1, &status, WNOHANG)) > 0) on_exit_status(pid, status);
        }
      }
      if (fds[1].revents) {
        char chunk[READ_CHUNK];
        for (;;) {
          ssize_t got = read(0, chunk, sizeof chunk);
          if (got > 0) {
            buf_add(&inbox, chunk, (size_t)got);
            continue;
          }
          if (got < 0 && errno == EINTR) continue;
          if (got < 0 && errno == EAGAIN) break;
          stdin_open = 0; /* ss closed the channel or died: nobody is left to report to */
          kill_all_and_exit();
        }
        take_requests();
      }
    }
    fire_timers(now_mono());
    if (outbox.len > 0) flush_outbox();
  }
}
