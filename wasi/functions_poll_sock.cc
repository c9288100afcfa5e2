// poll_oneoff (clock and fd subscriptions) and sock_* on host sockets.
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <vector>

#include "wasi/abi.h"
#include "wasi/call.h"

namespace wasmrt::wasi {
namespace {

struct Event {
  uint64_t userdata = 0;
  Errno error = Errno::kSuccess;
  uint8_t type = 0;
  uint64_t nbytes = 0;
  uint16_t flags = 0;
};

struct PendingFd {
  size_t sub;        // subscription index
  uint64_t userdata;
  uint8_t type;      // kEventFdRead or kEventFdWrite
  int host_fd;
};

struct PendingClock {
  uint64_t userdata;
  uint64_t remaining_ns;
};

// An fd subscription that does not need the host's poll (buffers, regular
// files and directories are always ready).
std::optional<Event> ImmediateFdEvent(const FdEntry& e, uint64_t userdata, uint8_t type) {
  Event ev{userdata, Errno::kSuccess, type, 0, 0};
  if (e.kind == FdKind::kStdin) {
    if (type != kEventFdRead) return ev;
    ev.nbytes = e.input->remaining();
    if (ev.nbytes == 0) ev.flags = kEventFdReadwriteHangup;
    return ev;
  }
  if (e.kind == FdKind::kOutput || e.kind == FdKind::kDirectory) return ev;
  struct stat st;
  if (fstat(e.host_fd, &st) == 0 && S_ISREG(st.st_mode)) {
    if (type == kEventFdRead) {
      off_t pos = lseek(e.host_fd, 0, SEEK_CUR);
      ev.nbytes = pos >= 0 && st.st_size > pos ? uint64_t(st.st_size - pos) : 0;
    }
    return ev;
  }
  return std::nullopt;
}

void StoreEvent(GuestMemory& mem, uint64_t at, const Event& ev) {
  uint8_t zero[kEventSize] = {};
  mem.Write(at, zero, kEventSize);
  mem.Store<uint64_t>(at, ev.userdata);
  mem.Store<uint16_t>(at + 8, uint16_t(ev.error));
  mem.Store<uint8_t>(at + 10, ev.type);
  mem.Store<uint64_t>(at + 16, ev.nbytes);
  mem.Store<uint16_t>(at + 24, ev.flags);
}

// Waits up to `timeout_ns` (nullopt: forever) for the host fds, never past
// the context's deadline. Returns the events of the ready fds.
std::vector<Event> WaitHostFds(Call& c, std::vector<PendingFd>& fds,
                               std::optional<uint64_t> timeout_ns) {
  using Clock = std::chrono::steady_clock;
  if (auto deadline = c.ctx.deadline(); deadline.has_value()) {
    auto left = std::chrono::duration_cast<std::chrono::nanoseconds>(*deadline - Clock::now());
    uint64_t cap = left.count() > 0 ? uint64_t(left.count()) : 0;
    timeout_ns = std::min(timeout_ns.value_or(cap), cap);
  }
  std::vector<pollfd> pfds;
  for (const PendingFd& p : fds) {
    pfds.push_back({p.host_fd, short(p.type == kEventFdRead ? POLLIN : POLLOUT), 0});
  }
  timespec ts{};
  if (timeout_ns.has_value()) {
    ts.tv_sec = time_t(*timeout_ns / 1'000'000'000ull);
    ts.tv_nsec = long(*timeout_ns % 1'000'000'000ull);
  }
  int n;
  do {
    n = ppoll(pfds.data(), pfds.size(), timeout_ns.has_value() ? &ts : nullptr, nullptr);
  } while (n < 0 && errno == EINTR);
  std::vector<Event> out;
  for (size_t i = 0; n > 0 && i < pfds.size(); ++i) {
    short re = pfds[i].revents;
    if (re == 0) continue;
    Event ev{fds[i].userdata, Errno::kSuccess, fds[i].type, 0, 0};
    if (re & POLLNVAL) ev.error = Errno::kBadf;
    else if (re & POLLERR) ev.error = Errno::kIo;
    if (re & POLLHUP) ev.flags = kEventFdReadwriteHangup;
    int avail = 0;
    if (fds[i].type == kEventFdRead && ioctl(fds[i].host_fd, FIONREAD, &avail) == 0) {
      ev.nbytes = uint64_t(std::max(avail, 0));
    }
    out.push_back(ev);
  }
  return out;
}

constexpr uint32_t kMaxSubscriptions = 4096;

Errno PollOneoff(Call& c) {  // (in, out, nsubscriptions, nevents_ptr)
  uint32_t in = c.U32(0), out = c.U32(1), n = c.U32(2), nevents_ptr = c.U32(3);
  if (n == 0) return Errno::kInval;
  // Each subscription costs host memory while it is pending: bound them.
  if (n > kMaxSubscriptions) return Errno::kInval;
  if (!c.mem.Valid(in, uint64_t{n} * kSubscriptionSize) ||
      !c.mem.Valid(out, uint64_t{n} * kEventSize) || !c.mem.Valid(nevents_ptr, 4)) {
    return Errno::kFault;
  }
  std::vector<Event> ready;
  std::vector<PendingFd> fds;
  std::vector<PendingClock> clocks;
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t s = in + uint64_t{i} * kSubscriptionSize;
    uint64_t userdata = 0;
    uint8_t tag = 0;
    c.mem.Load(s, &userdata);
    c.mem.Load(s + 8, &tag);
    if (tag == kEventClock) {
      uint32_t id = 0;
      uint64_t timeout = 0;
      uint16_t flags = 0;
      c.mem.Load(s + 16, &id);
      c.mem.Load(s + 24, &timeout);
      c.mem.Load(s + 40, &flags);
      uint64_t now = 0;
      if (Errno e = c.ctx.clock().Now(id, &now); e != Errno::kSuccess) {
        ready.push_back({userdata, e, kEventClock, 0, 0});
        continue;
      }
      uint64_t remaining = timeout;
      if (flags & kSubclockAbstime) remaining = timeout > now ? timeout - now : 0;
      clocks.push_back({userdata, remaining});
    } else if (tag == kEventFdRead || tag == kEventFdWrite) {
      uint32_t fd = 0;
      c.mem.Load(s + 16, &fd);
      FdEntry* e = c.ctx.fds().Get(fd);
      if (e == nullptr) {
        ready.push_back({userdata, Errno::kBadf, tag, 0, 0});
      } else if (Require(e, rights::kPollFdReadwrite) != Errno::kSuccess) {
        ready.push_back({userdata, Errno::kNotcapable, tag, 0, 0});
      } else if (auto ev = ImmediateFdEvent(*e, userdata, tag); ev.has_value()) {
        ready.push_back(*ev);
      } else {
        fds.push_back({i, userdata, tag, e->host_fd});
      }
    } else {
      return Errno::kInval;
    }
  }
  std::optional<uint64_t> timeout;
  for (const PendingClock& pc : clocks) {
    timeout = std::min(timeout.value_or(pc.remaining_ns), pc.remaining_ns);
  }
  if (!ready.empty()) timeout = 0;
  auto start = std::chrono::steady_clock::now();
  if (c.ctx.clock().deterministic() && fds.empty()) {
    // A virtual clock does not sleep: it jumps to the first expiry.
    c.ctx.clock().Advance(timeout.value_or(0));
  } else if (!fds.empty() || timeout.value_or(1) > 0) {
    std::vector<Event> got = WaitHostFds(c, fds, timeout);
    ready.insert(ready.end(), got.begin(), got.end());
  }
  uint64_t elapsed = uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                  std::chrono::steady_clock::now() - start)
                                  .count());
  if (c.ctx.clock().deterministic() && fds.empty()) elapsed = timeout.value_or(0);
  for (const PendingClock& pc : clocks) {
    if (pc.remaining_ns <= elapsed || (timeout.has_value() && pc.remaining_ns == *timeout &&
                                       ready.empty())) {
      ready.push_back({pc.userdata, Errno::kSuccess, kEventClock, 0, 0});
    }
  }
  for (size_t i = 0; i < ready.size(); ++i) StoreEvent(c.mem, out + i * uint64_t{kEventSize}, ready[i]);
  c.mem.Store<uint32_t>(nevents_ptr, uint32_t(ready.size()));
  return Errno::kSuccess;
}

// The host socket behind `fd`: kBadf when not open, kNotsock when not a socket.
Errno SocketFd(Call& c, uint32_t fd, FdEntry** out) {
  if (Errno r = c.Fd(fd, out); r != Errno::kSuccess) return r;
  struct stat st;
  if ((*out)->host_fd < 0 || fstat((*out)->host_fd, &st) != 0 || !S_ISSOCK(st.st_mode)) {
    return Errno::kNotsock;
  }
  return Errno::kSuccess;
}

Errno SockAccept(Call& c) {  // (fd, flags, fd_ptr)
  FdEntry* e;
  if (Errno r = SocketFd(c, c.U32(0), &e); r != Errno::kSuccess) return r;
  if (Errno r = Require(e, rights::kSockAccept); r != Errno::kSuccess) return r;
  if (c.U32(1) & ~uint32_t(kFdflagNonblock)) return Errno::kInval;
  if (!c.mem.Valid(c.U32(2), 4)) return Errno::kFault;
  int flags = SOCK_CLOEXEC | ((c.U32(1) & kFdflagNonblock) ? SOCK_NONBLOCK : 0);
  int fd = accept4(e->host_fd, nullptr, nullptr, flags);
  if (fd < 0) return ErrnoFromHost(errno);
  auto ne = std::make_unique<FdEntry>();
  ne->kind = FdKind::kFile;
  ne->owned = UniqueFd(fd);
  ne->host_fd = fd;
  ne->filetype = kFiletypeSocketStream;
  ne->base = rights::kStream;
  ne->fdflags = uint16_t(c.U32(1));
  uint32_t guest_fd;
  if (Errno r = c.ctx.fds().Insert(std::move(ne), &guest_fd); r != Errno::kSuccess) return r;
  c.mem.Store<uint32_t>(c.U32(2), guest_fd);
  return Errno::kSuccess;
}

Errno SockRecv(Call& c) {  // (fd, ri_data, ri_data_len, ri_flags, ro_datalen_ptr, ro_flags_ptr)
  FdEntry* e;
  if (Errno r = SocketFd(c, c.U32(0), &e); r != Errno::kSuccess) return r;
  if (Errno r = Require(e, rights::kFdRead); r != Errno::kSuccess) return r;
  std::vector<GuestBuffer> bufs;
  if (!ReadIovecs(c.mem, c.U32(1), c.U32(2), &bufs)) return Errno::kFault;
  if (!c.mem.Valid(c.U32(4), 4) || !c.mem.Valid(c.U32(5), 2)) return Errno::kFault;
  uint32_t ri = c.U32(3);
  if (ri & ~uint32_t(3)) return Errno::kInval;
  std::vector<iovec> iov;
  for (const GuestBuffer& b : bufs) iov.push_back({b.data, b.len});
  msghdr msg{};
  msg.msg_iov = iov.data();
  msg.msg_iovlen = std::min<size_t>(iov.size(), 1024);
  int flags = ((ri & 1) ? MSG_PEEK : 0) | ((ri & 2) ? MSG_WAITALL : 0);
  ssize_t n = recvmsg(e->host_fd, &msg, flags);
  if (n < 0) return ErrnoFromHost(errno);
  c.mem.Store<uint32_t>(c.U32(4), uint32_t(n));
  c.mem.Store<uint16_t>(c.U32(5), uint16_t((msg.msg_flags & MSG_TRUNC) ? 1 : 0));
  return Errno::kSuccess;
}

Errno SockSend(Call& c) {  // (fd, si_data, si_data_len, si_flags, so_datalen_ptr)
  FdEntry* e;
  if (Errno r = SocketFd(c, c.U32(0), &e); r != Errno::kSuccess) return r;
  if (Errno r = Require(e, rights::kFdWrite); r != Errno::kSuccess) return r;
  std::vector<GuestBuffer> bufs;
  if (!ReadIovecs(c.mem, c.U32(1), c.U32(2), &bufs)) return Errno::kFault;
  if (!c.mem.Valid(c.U32(4), 4)) return Errno::kFault;
  std::vector<iovec> iov;
  for (const GuestBuffer& b : bufs) iov.push_back({b.data, b.len});
  msghdr msg{};
  msg.msg_iov = iov.data();
  msg.msg_iovlen = std::min<size_t>(iov.size(), 1024);
  ssize_t n = sendmsg(e->host_fd, &msg, MSG_NOSIGNAL);
  if (n < 0) return ErrnoFromHost(errno);
  c.mem.Store<uint32_t>(c.U32(4), uint32_t(n));
  return Errno::kSuccess;
}

Errno SockShutdown(Call& c) {  // (fd, how)
  FdEntry* e;
  if (Errno r = SocketFd(c, c.U32(0), &e); r != Errno::kSuccess) return r;
  if (Errno r = Require(e, rights::kSockShutdown); r != Errno::kSuccess) return r;
  int how;
  switch (c.U32(1)) {
    case kSdflagRd: how = SHUT_RD; break;
    case kSdflagWr: how = SHUT_WR; break;
    case kSdflagRd | kSdflagWr: how = SHUT_RDWR; break;
    default: return Errno::kInval;
  }
  if (shutdown(e->host_fd, how) != 0) return ErrnoFromHost(errno);
  return Errno::kSuccess;
}

}  // namespace

std::vector<FunctionDef> PollSockFunctions() {
  return {
      {"poll_oneoff", "iiii", PollOneoff},
      {"sock_accept", "iii", SockAccept},
      {"sock_recv", "iiiiii", SockRecv},
      {"sock_send", "iiiii", SockSend},
      {"sock_shutdown", "ii", SockShutdown},
  };
}

}  // namespace wasmrt::wasi
