// tinykube's container helper: one long-lived process per process runtime that creates pods'
// UTS/IPC namespaces and starts containers, so that Node never forks per container (a fork of
// Node costs milliseconds and blocks its event loop; this process is small and forks in
// microseconds). Each container is one clone(2) of this process: new mount and PID namespaces,
// the pod's UTS and IPC namespaces joined with setns(2), the mounts done with mount(2), then
// execve(2). Its stdio are pipes read here and relayed to Node over one pipe, framed.
//
// Frames, both ways: u32 length (of what follows, little-endian), u8 kind, u32 id, payload.
// Node -> helper: 'S' sandbox (payload: hostname), 'Z' sandbox gone, 'C' start container
// (payload: fields, see start_container), 'I' stdin bytes, 'J' stdin closed, 'K' signal
// (payload: i32 signal, u8 whole group), 'D' drop output.
// helper -> Node: 's' sandbox ready, 'f' failed (payload: message; for a sandbox or a start),
// 'r' running (payload: u32 pid on the host), 'o'/'e' stdout/stderr bytes, 'x' exited
// (payload: i32 exit code or -1, i32 signal or 0), 'c' output closed (both pipes at their end).
// For a container: 'r' or 'f' first; after 'r', 'x' and 'c' once each, in either order.
// EOF on stdin: every container is killed and the helper exits. It dies with Node (PDEATHSIG).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define READ_CHUNK 65536
/* Past this much output waiting for Node, containers' pipes are not read (they block on write). */
#define OUT_HIGH (1 << 20)
#define MAX_FRAME (64 << 20)
#define CHILD_STACK (256 * 1024)

struct buf {
  char *data;
  size_t len, off, cap;
};

struct sandbox {
  uint32_t id;
  int uts, ipc;
  struct sandbox *next;
};

struct container {
  uint32_t id;
  pid_t pid;
  int out, err, in, status;
  struct buf inq;
  int in_closing, running, failed, reaped, closed_sent;
  char why[1024];
  size_t why_len;
  struct container *next;
};

static struct buf requests, replies;
static struct sandbox *sandboxes;
static struct container *containers;
static int input_open = 1;

static void die(const char *what) {
  fprintf(stderr, "container-helper: %s: %s\n", what, strerror(errno));
  exit(1);
}

static void reserve(struct buf *b, size_t more) {
  if (b->off > 0 && b->off == b->len) b->off = b->len = 0;
  if (b->len + more <= b->cap) return;
  if (b->off > 0) {
    memmove(b->data, b->data + b->off, b->len - b->off);
    b->len -= b->off;
    b->off = 0;
    if (b->len + more <= b->cap) return;
  }
  size_t cap = b->cap ? b->cap : 4096;
  while (cap < b->len + more) cap *= 2;
  char *data = realloc(b->data, cap);
  if (!data) die("out of memory");
  b->data = data;
  b->cap = cap;
}

static void append(struct buf *b, const void *data, size_t len) {
  reserve(b, len);
  memcpy(b->data + b->len, data, len);
  b->len += len;
}

static void put_u32(unsigned char *p, uint32_t v) {
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = (v >> 24) & 0xff;
}

static uint32_t get_u32(const unsigned char *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static void reply(char kind, uint32_t id, const void *payload, size_t len) {
  unsigned char head[9];
  put_u32(head, (uint32_t)(len + 5));
  head[4] = (unsigned char)kind;
  put_u32(head + 5, id);
  append(&replies, head, sizeof head);
  if (len) append(&replies, payload, len);
}

static void reply_text(char kind, uint32_t id, const char *text) { reply(kind, id, text, strlen(text)); }

static void close_fd(int *fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

/* ---- the child: everything between clone and execve ------------------------------------ */

/* One start, parsed: what the child does. */
struct start {
  int isolated, idle, wants_stdin;
  struct sandbox *sandbox;
  const char *file;
  char **argv, **envp;
  /* ops: each a NUL-separated list, the first element the op's letter */
  const char **ops;
  size_t *op_lens;
  size_t n_ops;
  char *strings;
  /* the child's ends of its pipes */
  int in, out, err, status;
};

static int status_fd = -1;

/* Reports why the container cannot start (on the status pipe) and ends the child. */
static void child_fail(const char *format, ...) __attribute__((format(printf, 1, 2), noreturn));
static void child_fail(const char *format, ...) {
  char message[2048];
  va_list args;
  va_start(args, format);
  int n = vsnprintf(message, sizeof message, format, args);
  va_end(args);
  if (n < 0) n = 0;
  if ((size_t)n >= sizeof message) n = sizeof message - 1;
  ssize_t ignored = write(status_fd, message, (size_t)n);
  (void)ignored;
  _exit(127);
}

/* strerror as Go words it: lower case. */
static const char *error_text(int err) {
  static char text[256];
  snprintf(text, sizeof text, "%s", strerror(err));
  if (text[0] >= 'A' && text[0] <= 'Z' && !(text[1] >= 'A' && text[1] <= 'Z')) text[0] = (char)(text[0] - 'A' + 'a');
  return text;
}

static void mkdir_p(const char *path) {
  char copy[4096];
  if (snprintf(copy, sizeof copy, "%s", path) >= (int)sizeof copy) child_fail("path too long: %s", path);
  for (char *p = copy + 1;; p++) {
    if (*p == '/' || *p == '\0') {
      char c = *p;
      *p = '\0';
      if (mkdir(copy, 0755) != 0 && errno != EEXIST) child_fail("mkdir %s: %s", copy, error_text(errno));
      *p = c;
      if (c == '\0') break;
    }
  }
}

/* The flags a bind must keep when made read-only (the kernel refuses to drop locked ones). */
static unsigned long kept_flags(const char *source) {
  struct statvfs st;
  unsigned long flags = 0;
  if (statvfs(source, &st) != 0) return 0;
  if (st.f_flag & ST_NOSUID) flags |= MS_NOSUID;
  if (st.f_flag & ST_NODEV) flags |= MS_NODEV;
  if (st.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
  if (st.f_flag & ST_NOATIME) flags |= MS_NOATIME;
  if (st.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
  if (st.f_flag & ST_RELATIME) flags |= MS_RELATIME;
  return flags;
}

static void do_mount(const char *source, const char *target, const char *type, unsigned long flags, const char *data) {
  if (mount(source, target, type, flags, data) != 0) {
    child_fail("error mounting \"%s\" to rootfs at \"%s\": %s", source, target, error_text(errno));
  }
}

/* Runs one op: its arguments are NUL-separated after the letter. */
static void run_op(const char *op, size_t len) {
  /* The copy of op ends in a NUL of its own: a last, empty argument reads as "". */
  const char *arg[6] = {"", "", "", "", "", ""};
  size_t n = 0;
  for (const char *p = op; p <= op + len && n < 6; p += strlen(p) + 1) arg[n++] = p;
  switch (arg[0][0]) {
    case 'P': /* private propagation for everything */
      do_mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL);
      return;
    case 'T': /* tmpfs: target, options */
      do_mount("tinykube-layers", arg[1], "tmpfs", 0, arg[2]);
      return;
    case 'D': /* mkdir -p: path */
      mkdir_p(arg[1]);
      return;
    case 'F': { /* an empty file, where there is none: path */
      int fd = open(arg[1], O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
      if (fd < 0) child_fail("create %s: %s", arg[1], error_text(errno));
      close(fd);
      return;
    }
    case 'O': /* overlay: target, options */
      do_mount("overlay", arg[1], "overlay", 0, arg[2]);
      return;
    case 'R': /* proc: target */
      do_mount("proc", arg[1], "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
      return;
    case 'B': { /* bind: source, target, flags ('r' recursive, 'o' read-only) */
      int recursive = strchr(arg[3], 'r') != NULL, read_only = strchr(arg[3], 'o') != NULL;
      do_mount(arg[1], arg[2], NULL, MS_BIND | (recursive ? MS_REC : 0), NULL);
      if (read_only) do_mount(arg[1], arg[2], NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | kept_flags(arg[1]), NULL);
      return;
    }
    case 'M': /* the new root: directory */
      if (chdir(arg[1]) != 0) child_fail("chdir %s: %s", arg[1], error_text(errno));
      do_mount(".", "/", NULL, MS_MOVE, NULL);
      if (chroot(".") != 0) child_fail("chroot: %s", error_text(errno));
      return;
    case 'C': /* working directory */
      if (chdir(arg[1]) != 0) {
        child_fail("unable to start container process: chdir to cwd (\"%s\"): %s", arg[1], error_text(errno));
      }
      return;
  }
  child_fail("unknown op %c", arg[0][0]);
}

static void on_idle_signal(int signo) {
  (void)signo;
  _exit(0);
}

static int child_main(void *arg) {
  struct start *s = arg;
  status_fd = s->status;
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  sigset_t all;
  sigemptyset(&all);
  sigprocmask(SIG_SETMASK, &all, NULL);
  for (int signo = 1; signo < NSIG; signo++) signal(signo, SIG_DFL);
  setsid();
  if (s->in >= 0) {
    dup2(s->in, 0);
  } else {
    int null = open("/dev/null", O_RDONLY);
    if (null >= 0 && null != 0) dup2(null, 0);
  }
  dup2(s->out, 1);
  dup2(s->err, 2);
  if (s->isolated && s->sandbox) {
    if (setns(s->sandbox->uts, CLONE_NEWUTS) != 0 || setns(s->sandbox->ipc, CLONE_NEWIPC) != 0) {
      child_fail("unable to join the pod's namespaces: %s", error_text(errno));
    }
  }
  /* Only stdio and the status pipe go on. */
  for (int fd = 3; fd < status_fd; fd++) close(fd);
  if (syscall(SYS_close_range, (unsigned)status_fd + 1, ~0U, 0) != 0) {
    for (int fd = status_fd + 1; fd < 65536; fd++) close(fd);
  }
  for (size_t i = 0; i < s->n_ops; i++) run_op(s->ops[i], s->op_lens[i]);
  if (s->idle) {
    /* The stand-in for an image's entrypoint: ends 0 on SIGTERM or SIGINT, idles until then. */
    signal(SIGTERM, on_idle_signal);
    signal(SIGINT, on_idle_signal);
    close(status_fd);
    for (;;) pause();
  }
  execve(s->file, s->argv, s->envp);
  child_fail("unable to start container process: exec %s: %s", s->file, error_text(errno));
}

/* ---- the helper's side of a start --------------------------------------------------------- */

static struct sandbox *find_sandbox(uint32_t id) {
  for (struct sandbox *s = sandboxes; s; s = s->next)
    if (s->id == id) return s;
  return NULL;
}

static struct container *find_container(uint32_t id) {
  for (struct container *c = containers; c; c = c->next)
    if (c->id == id) return c;
  return NULL;
}

/* Fields of a start: u8 tag, u32 length, bytes. Tags: 'n' namespaces (payload: sandbox id as
   u32), 'i' stdin wanted, 'd' idle, 'x' the file to exec, 'a' an argument, 'e' NAME=value,
   'o' an op (letter and arguments, NUL-separated). Every string gets a NUL-terminated copy in
   s->strings (the child has its own copy of all of it after clone). */
static void parse_start(const unsigned char *p, size_t len, struct start *s) {
  size_t n_args = 0, n_env = 0, n_ops = 0;
  for (size_t at = 0; at + 5 <= len;) {
    uint32_t flen = get_u32(p + at + 1);
    if (at + 5 + flen > len) break;
    n_args += p[at] == 'a';
    n_env += p[at] == 'e';
    n_ops += p[at] == 'o';
    at += 5 + flen;
  }
  s->argv = calloc(n_args + 1, sizeof *s->argv);
  s->envp = calloc(n_env + 1, sizeof *s->envp);
  s->ops = calloc(n_ops + 1, sizeof *s->ops);
  s->op_lens = calloc(n_ops + 1, sizeof *s->op_lens);
  s->strings = malloc(len + 1);
  if (!s->argv || !s->envp || !s->ops || !s->op_lens || !s->strings) die("out of memory");
  char *next = s->strings;
  size_t ia = 0, ie = 0;
  for (size_t at = 0; at + 5 <= len;) {
    char tag = (char)p[at];
    uint32_t flen = get_u32(p + at + 1);
    if (at + 5 + flen > len) break;
    const unsigned char *field = p + at + 5;
    at += 5 + flen;
    if (tag == 'n') {
      s->isolated = 1;
      s->sandbox = flen >= 4 ? find_sandbox(get_u32(field)) : NULL;
    }
    if (tag == 'i') s->wants_stdin = 1;
    if (tag == 'd') s->idle = 1;
    if (tag != 'x' && tag != 'a' && tag != 'e' && tag != 'o') continue;
    memcpy(next, field, flen);
    next[flen] = '\0';
    if (tag == 'x') s->file = next;
    if (tag == 'a') s->argv[ia++] = next;
    if (tag == 'e') s->envp[ie++] = next;
    if (tag == 'o') {
      s->op_lens[s->n_ops] = flen;
      s->ops[s->n_ops++] = next;
    }
    next += flen + 1;
  }
}

static void free_start(struct start *s) {
  free(s->argv);
  free(s->envp);
  free(s->ops);
  free(s->op_lens);
  free(s->strings);
}

/* The container's pipes: stdin (when wanted), stdout, stderr and the status pipe; 0 and errno on failure. */
static int open_pipes(int in[2], int out[2], int err[2], int status[2], int wants_stdin) {
  return pipe2(out, O_CLOEXEC) == 0 && pipe2(err, O_CLOEXEC) == 0 && pipe2(status, O_CLOEXEC) == 0 &&
         (!wants_stdin || pipe2(in, O_CLOEXEC) == 0);
}

/* Clones the container's first process; its pid, or -1 with errno. */
static pid_t clone_child(struct start *s) {
  char *stack = malloc(CHILD_STACK);
  if (!stack) die("out of memory");
  int flags = SIGCHLD | (s->isolated ? CLONE_NEWNS | CLONE_NEWPID : 0);
  pid_t pid = clone(child_main, stack + CHILD_STACK, flags, s);
  int saved = errno;
  free(stack); /* the child runs on its own copy */
  errno = saved;
  return pid;
}

static void refuse(uint32_t id, const char *what, int err) {
  char message[512];
  if (err) snprintf(message, sizeof message, "unable to start container process: %s: %s", what, error_text(err));
  else snprintf(message, sizeof message, "unable to start container process: %s", what);
  reply_text('f', id, message);
}

static void start_container(uint32_t id, const unsigned char *p, size_t len) {
  struct start s = {0};
  parse_start(p, len, &s);
  int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1}, status[2] = {-1, -1};
  pid_t pid = -1;
  if (!s.file && !s.idle) refuse(id, "nothing to run", 0);
  else if (s.isolated && !s.sandbox) refuse(id, "the pod's sandbox is gone", 0);
  else if (!open_pipes(in, out, err, status, s.wants_stdin)) refuse(id, "pipe", errno);
  else {
    s.in = in[0];
    s.out = out[1];
    s.err = err[1];
    s.status = status[1];
    pid = clone_child(&s);
    if (pid < 0) refuse(id, "clone", errno);
  }
  free_start(&s);
  int *ours[] = {&out[0], &err[0], &status[0], &in[1]}, *theirs[] = {&out[1], &err[1], &status[1], &in[0]};
  for (int k = 0; k < 4; k++) {
    close_fd(theirs[k]);
    if (pid < 0) close_fd(ours[k]);
  }
  if (pid < 0) return;
  struct container *c = calloc(1, sizeof *c);
  if (!c) die("out of memory");
  *c = (struct container){.id = id, .pid = pid, .out = out[0], .err = err[0], .in = in[1], .status = status[0], .next = containers};
  if (c->in >= 0) fcntl(c->in, F_SETFL, O_NONBLOCK);
  fcntl(c->out, F_SETFL, O_NONBLOCK);
  fcntl(c->err, F_SETFL, O_NONBLOCK);
  containers = c;
}

/* The status pipe: nothing before EOF means the exec (or the idle stand-in) happened. */
static void read_status(struct container *c) {
  for (;;) {
    char chunk[512];
    ssize_t n = read(c->status, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n > 0) {
      size_t room = sizeof c->why - 1 - c->why_len;
      size_t take = (size_t)n < room ? (size_t)n : room;
      memcpy(c->why + c->why_len, chunk, take);
      c->why_len += take;
      continue;
    }
    break;
  }
  close_fd(&c->status);
  if (c->why_len > 0) {
    c->failed = 1;
    reply('f', c->id, c->why, c->why_len);
    close_fd(&c->out);
    close_fd(&c->err);
    close_fd(&c->in);
  } else {
    c->running = 1;
    unsigned char pid[4];
    put_u32(pid, (uint32_t)c->pid);
    reply('r', c->id, pid, 4);
  }
}

static void read_output(struct container *c, int *fd, char kind) {
  static char chunk[READ_CHUNK];
  ssize_t n = read(*fd, chunk, sizeof chunk);
  if (n > 0) reply(kind, c->id, chunk, (size_t)n);
  else if (n == 0 || (errno != EAGAIN && errno != EINTR)) close_fd(fd);
}

static void write_stdin(struct container *c) {
  while (c->inq.len > c->inq.off) {
    ssize_t n = write(c->in, c->inq.data + c->inq.off, c->inq.len - c->inq.off);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) return;
      c->inq.off = c->inq.len; /* the container closed its stdin: what is left is dropped */
      break;
    }
    c->inq.off += (size_t)n;
  }
  c->inq.off = c->inq.len = 0;
  if (c->in_closing) close_fd(&c->in);
}

static void free_container(struct container *c) {
  for (struct container **at = &containers; *at; at = &(*at)->next) {
    if (*at == c) {
      *at = c->next;
      break;
    }
  }
  close_fd(&c->out);
  close_fd(&c->err);
  close_fd(&c->in);
  close_fd(&c->status);
  free(c->inq.data);
  free(c);
}

/* Sends what is due once the pipes are at their end, and forgets a container that is done. */
static void settle(struct container *c) {
  if (c->status >= 0) return;
  if (c->running && !c->closed_sent && c->out < 0 && c->err < 0) {
    c->closed_sent = 1;
    reply('c', c->id, NULL, 0);
  }
  if (c->reaped && (c->failed || c->closed_sent)) free_container(c);
}

static void reap(void) {
  for (;;) {
    int st;
    pid_t pid = waitpid(-1, &st, WNOHANG);
    if (pid <= 0) return;
    for (struct container *c = containers; c; c = c->next) {
      if (c->pid != pid || c->reaped) continue;
      c->reaped = 1;
      if (c->status >= 0) read_status(c);
      if (c->running) {
        unsigned char payload[8];
        put_u32(payload, WIFEXITED(st) ? (uint32_t)WEXITSTATUS(st) : (uint32_t)-1);
        put_u32(payload + 4, WIFSIGNALED(st) ? (uint32_t)WTERMSIG(st) : 0);
        reply('x', c->id, payload, 8);
        close_fd(&c->in);
      }
      settle(c);
      break;
    }
  }
}

/* ---- requests -------------------------------------------------------------------------------- */

static void create_sandbox(uint32_t id, const unsigned char *p, size_t len) {
  char hostname[256];
  if (len >= sizeof hostname) len = sizeof hostname - 1;
  memcpy(hostname, p, len);
  hostname[len] = '\0';
  int uts0 = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC), ipc0 = open("/proc/self/ns/ipc", O_RDONLY | O_CLOEXEC);
  struct sandbox *s = calloc(1, sizeof *s);
  if (!s) die("out of memory");
  s->id = id;
  s->uts = s->ipc = -1;
  const char *failed = NULL;
  int err = 0;
  if (uts0 < 0 || ipc0 < 0) failed = "open namespaces", err = errno;
  else if (unshare(CLONE_NEWUTS | CLONE_NEWIPC) != 0) failed = "unshare", err = errno;
  else {
    if (sethostname(hostname, len) != 0) failed = "sethostname", err = errno;
    s->uts = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
    s->ipc = open("/proc/self/ns/ipc", O_RDONLY | O_CLOEXEC);
    if (!failed && (s->uts < 0 || s->ipc < 0)) failed = "open namespaces", err = errno;
    /* Back to the host's, for the next sandbox. */
    if (setns(uts0, CLONE_NEWUTS) != 0 || setns(ipc0, CLONE_NEWIPC) != 0) die("setns back to the host's namespaces");
  }
  close_fd(&uts0);
  close_fd(&ipc0);
  if (failed) {
    char message[256];
    snprintf(message, sizeof message, "pod sandbox could not start: %s: %s", failed, error_text(err));
    reply_text('f', id, message);
    close_fd(&s->uts);
    close_fd(&s->ipc);
    free(s);
    return;
  }
  s->next = sandboxes;
  sandboxes = s;
  reply('s', id, NULL, 0);
}

static void remove_sandbox(uint32_t id) {
  for (struct sandbox **at = &sandboxes; *at; at = &(*at)->next) {
    struct sandbox *s = *at;
    if (s->id != id) continue;
    *at = s->next;
    close_fd(&s->uts);
    close_fd(&s->ipc);
    free(s);
    return;
  }
}

static void handle_request(char kind, uint32_t id, const unsigned char *p, size_t len) {
  struct container *c = kind == 'S' || kind == 'Z' || kind == 'C' ? NULL : find_container(id);
  switch (kind) {
    case 'S':
      create_sandbox(id, p, len);
      return;
    case 'Z':
      remove_sandbox(id);
      return;
    case 'C':
      start_container(id, p, len);
      return;
    case 'I':
      if (c && c->in >= 0 && !c->in_closing) {
        append(&c->inq, p, len);
        write_stdin(c);
      }
      return;
    case 'J':
      if (c && c->in >= 0) {
        c->in_closing = 1;
        write_stdin(c);
      }
      return;
    case 'K':
      if (c && !c->reaped && len >= 5) {
        int signo = (int)get_u32(p);
        kill(p[4] ? -c->pid : c->pid, signo);
      }
      return;
    case 'D':
      if (c) {
        close_fd(&c->out);
        close_fd(&c->err);
        settle(c);
      }
      return;
  }
}

static void read_requests(void) {
  reserve(&requests, READ_CHUNK);
  ssize_t n = read(0, requests.data + requests.len, requests.cap - requests.len);
  if (n == 0) {
    input_open = 0;
    return;
  }
  if (n < 0) {
    if (errno == EAGAIN || errno == EINTR) return;
    input_open = 0;
    return;
  }
  requests.len += (size_t)n;
  while (requests.len - requests.off >= 4) {
    const unsigned char *frame = (const unsigned char *)requests.data + requests.off;
    uint32_t flen = get_u32(frame);
    if (flen < 5 || flen > MAX_FRAME) {
      errno = EPROTO;
      die("bad request frame");
    }
    if (requests.len - requests.off < 4 + (size_t)flen) {
      reserve(&requests, 4 + (size_t)flen);
      break;
    }
    handle_request((char)frame[4], get_u32(frame + 5), frame + 9, flen - 5);
    requests.off += 4 + flen;
  }
  if (requests.off == requests.len) requests.off = requests.len = 0;
}

static void flush_replies(void) {
  while (replies.len > replies.off) {
    ssize_t n = write(1, replies.data + replies.off, replies.len - replies.off);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) return;
      exit(0); /* Node is gone */
    }
    replies.off += (size_t)n;
  }
  replies.off = replies.len = 0;
}

/* Node has gone: nobody reads output any more, only the processes are waited for. */
static void kill_everything(void) {
  for (struct container *c = containers; c; c = c->next) {
    if (!c->reaped) {
      kill(-c->pid, SIGKILL);
      kill(c->pid, SIGKILL);
    }
    close_fd(&c->out);
    close_fd(&c->err);
    close_fd(&c->in);
    c->closed_sent = 1;
  }
}

int main(void) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() == 1) return 1;
  signal(SIGPIPE, SIG_IGN);
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, NULL);
  int sfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
  if (sfd < 0) die("signalfd");
  fcntl(0, F_SETFD, FD_CLOEXEC);
  fcntl(1, F_SETFD, FD_CLOEXEC);
  fcntl(2, F_SETFD, FD_CLOEXEC);
  fcntl(1, F_SETFL, O_NONBLOCK);
  if (chdir("/") != 0) die("chdir /");
  struct pollfd *fds = NULL;
  struct container **owners = NULL;
  size_t room = 0;
  while (input_open || containers) {
    size_t count = 0;
    for (struct container *c = containers; c; c = c->next) count += 4;
    if (count + 3 > room) {
      room = (count + 3) * 2;
      fds = realloc(fds, room * sizeof *fds);
      owners = realloc(owners, room * sizeof *owners);
      if (!fds || !owners) die("out of memory");
    }
    size_t n = 0;
    fds[n++] = (struct pollfd){.fd = input_open ? 0 : -1, .events = POLLIN};
    fds[n++] = (struct pollfd){.fd = replies.len > replies.off ? 1 : -1, .events = POLLOUT};
    fds[n++] = (struct pollfd){.fd = sfd, .events = POLLIN};
    int reading = replies.len - replies.off < OUT_HIGH;
    for (struct container *c = containers; c; c = c->next) {
      int fd4[4] = {c->status, reading ? c->out : -1, reading ? c->err : -1, c->inq.len > c->inq.off ? c->in : -1};
      short ev4[4] = {POLLIN, POLLIN, POLLIN, POLLOUT};
      for (int k = 0; k < 4; k++) {
        if (fd4[k] < 0) continue;
        owners[n] = c;
        fds[n++] = (struct pollfd){.fd = fd4[k], .events = ev4[k]};
      }
    }
    if (poll(fds, n, -1) < 0) {
      if (errno == EINTR) continue;
      die("poll");
    }
    /* Containers first: a start's status before its output, output before exits are reaped. */
    for (size_t i = 3; i < n; i++) {
      if (!fds[i].revents) continue;
      struct container *c = owners[i];
      int fd = fds[i].fd;
      if (fd == c->status) read_status(c);
      else if (fd == c->out) read_output(c, &c->out, 'o');
      else if (fd == c->err) read_output(c, &c->err, 'e');
      else if (fd == c->in) {
        if (fds[i].revents & (POLLERR | POLLHUP)) c->inq.off = c->inq.len;
        write_stdin(c);
      }
    }
    if (fds[2].revents) {
      struct signalfd_siginfo info;
      while (read(sfd, &info, sizeof info) > 0) {
      }
      reap();
    }
    /* Settling may free containers: walk a snapshot of the list. */
    for (struct container *c = containers, *next; c; c = next) {
      next = c->next;
      settle(c);
    }
    if (fds[0].revents) {
      read_requests();
      if (!input_open) kill_everything();
    }
    flush_replies();
  }
  flush_replies();
  return 0;
}
