// The emulation runtime (built only with -DKIT_EMULATE): a fake CUDA runtime over host memory
// and a launcher that runs a kernel as a CPU loop over its grid and block. See emulate.h.
//
// Memory: every allocation is [64-byte header][data][64-byte tail]; the header keeps the
// size cudaMalloc was asked for and the length in use (setLength: the caching allocator
// hands out a block of a larger size class), and the 48 header bytes after them, the bytes
// past the length and the tail are guard bytes of 0xFF. A kernel that
// writes one element too far (or too early) changes a guard byte, which checkGuards()
// reports as cudaErrorIllegalAddress; one that reads too far reads 0xFF bytes (NaN in a
// float, -1 in an int32, 255 in a bool), which the tests see as a wrong value.
//
// Launch: blocks run one after another. Without barriers, the threads of a block run one
// after another to completion. With barriers, each thread is a fiber (ucontext) with its
// own stack; a round resumes every live fiber once, and each runs until its next barrier()
// or its end, so when a round is over every thread has reached the barrier. A round is
// also where the emulator sees what a GPU cannot report: the threads of a block must all
// stop at the same syncThreads() (file and line), or all end. One that ends while others
// wait skipped a barrier or reached it fewer times; two that wait at different lines took
// a branch differently. Either is a failed launch whose reason names the kernel, the block
// and both threads.
#ifdef KIT_EMULATE

#include <ucontext.h>

#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "emulate.h"

namespace emu {

thread_local uint3 blockIdx;
thread_local uint3 threadIdx;
thread_local dim3 blockDim;
thread_local dim3 gridDim;
thread_local unsigned char* sharedMemory;
thread_local const char* kernelName = "";

namespace {

constexpr size_t kGuard = 64;
constexpr unsigned char kGuardByte = 0xFF;
constexpr size_t kStackBytes = 64 * 1024;

unsigned char* headerOf(const void* ptr) { return static_cast<unsigned char*>(const_cast<void*>(ptr)) - kGuard; }

// The header's two words: [0] the block's capacity, [1] the length in use.
size_t headerWord(const void* ptr, int word) {
  size_t v;
  std::memcpy(&v, headerOf(ptr) + word * sizeof v, sizeof v);
  return v;
}

void setHeaderWord(void* ptr, int word, size_t v) { std::memcpy(headerOf(ptr) + word * sizeof v, &v, sizeof v); }

constexpr size_t kHeaderWords = 2 * sizeof(size_t);

bool allGuard(const unsigned char* p, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (p[i] != kGuardByte) return false;
  return true;
}

// The fibers of the block now running.
struct Fibers {
  ucontext_t scheduler;
  std::vector<ucontext_t> contexts;
  std::vector<std::vector<unsigned char>> stacks;
  std::vector<char> finished;
  std::vector<Site> waitingAt;  // the barrier each live fiber stopped at in this round
  std::vector<char> atWarp;     // whether that stop is a warp shuffle rather than syncThreads()
  std::vector<uint64_t> lanes[2];  // each thread's value in a shuffle, the two sets used in turn
  std::vector<unsigned> shuffles;  // how many shuffles each thread has made
  std::vector<uint3> indices;
  void (*body)(void*) = nullptr;
  void* arg = nullptr;
  size_t current = 0;
  bool active = false;  // inside a cooperative launch
};

thread_local Fibers fibers;
thread_local std::string failureText;

void fiberMain() {
  fibers.body(fibers.arg);
  fibers.finished[fibers.current] = 1;
  // returning resumes uc_link: the scheduler
}

std::string show(uint3 v) {
  return "(" + std::to_string(v.x) + "," + std::to_string(v.y) + "," + std::to_string(v.z) + ")";
}

std::string show(Site s) {
  const char* slash = std::strrchr(s.file, '/');
  return std::string(slash ? slash + 1 : s.file) + ":" + std::to_string(s.line);
}

bool sameSite(Site a, Site b) { return a.line == b.line && std::strcmp(a.file, b.file) == 0; }

// Records why the launch failed (the first reason wins) and returns the launch's error.
cudaError_t fail(const std::string& why) {
  if (failureText.empty()) failureText = std::string(kernelName) + ", block " + show(blockIdx) + ": " + why;
  return cudaErrorLaunchFailure;
}

// A round resumes the fibers that may run: at first all of them; then, while some warp's
// lanes all wait at the same shuffle, those lanes (a shuffle synchronises its warp only);
// otherwise every live thread must wait at the same syncThreads(), and all are resumed.
// Each check names the first two threads that disagree.
cudaError_t runCooperativeBlock(size_t threads) {
  Fibers& f = fibers;
  if (f.stacks.size() < threads) f.stacks.resize(threads);
  f.contexts.resize(threads);
  f.finished.assign(threads, 0);
  f.waitingAt.assign(threads, Site{"", 0});
  f.atWarp.assign(threads, 0);
  f.lanes[0].assign(threads, 0);
  f.lanes[1].assign(threads, 0);
  f.shuffles.assign(threads, 0);
  for (size_t i = 0; i < threads; ++i) {
    if (f.stacks[i].empty()) f.stacks[i].resize(kStackBytes);
    if (getcontext(&f.contexts[i]) != 0) return cudaErrorLaunchFailure;
    f.contexts[i].uc_stack.ss_sp = f.stacks[i].data();
    f.contexts[i].uc_stack.ss_size = f.stacks[i].size();
    f.contexts[i].uc_link = &f.scheduler;
    makecontext(&f.contexts[i], fiberMain, 0);
  }
  std::vector<char> resume(threads, 1);
  for (size_t barrier = 1;;) {
    for (size_t i = 0; i < threads; ++i) {
      if (f.finished[i] || !resume[i]) continue;
      f.current = i;
      threadIdx = f.indices[i];
      if (swapcontext(&f.scheduler, &f.contexts[i]) != 0) return cudaErrorLaunchFailure;
      if (!failureText.empty()) return cudaErrorLaunchFailure;
    }
    const size_t none = threads;
    std::fill(resume.begin(), resume.end(), 0);
    bool shuffled = false;
    for (size_t w = 0; w < threads; w += kWarpSize) {
      const size_t end = w + kWarpSize < threads ? w + kWarpSize : threads;
      size_t shuffler = none;
      for (size_t i = w; i < end; ++i)
        if (!f.finished[i] && f.atWarp[i]) shuffler = shuffler == none ? i : shuffler;
      if (shuffler == none) continue;
      for (size_t i = w; i < end; ++i) {
        if (i == shuffler) continue;
        if (f.finished[i] || !f.atWarp[i] || !sameSite(f.waitingAt[i], f.waitingAt[shuffler])) {
          const std::string other = f.finished[i] ? "has ended" : (f.atWarp[i] ? "shuffles at " : "waits at syncThreads() ") + show(f.waitingAt[i]);
          return fail("thread " + show(f.indices[shuffler]) + " shuffles at " + show(f.waitingAt[shuffler]) + " while thread " +
                      show(f.indices[i]) + " of its warp " + other + ": with the full-warp mask every lane of the warp must reach the same shuffle");
        }
      }
      for (size_t i = w; i < end; ++i) resume[i] = 1;
      shuffled = true;
    }
    if (shuffled) continue;
    size_t waiting = none, ended = none;
    for (size_t i = 0; i < threads; ++i) {
      if (f.finished[i]) {
        if (ended == none) ended = i;
      } else if (waiting == none) {
        waiting = i;
      } else if (!sameSite(f.waitingAt[i], f.waitingAt[waiting])) {
        return fail("thread " + show(f.indices[waiting]) + " waits at syncThreads() " + show(f.waitingAt[waiting]) +
                    " while thread " + show(f.indices[i]) + " waits at " + show(f.waitingAt[i]) + " (barrier " +
                    std::to_string(barrier) + " of each): the threads of a block must meet at the same syncThreads(), " +
                    "never at one inside a branch they take differently");
      }
    }
    if (waiting == none) return cudaSuccess;
    if (ended != none) {
      return fail("thread " + show(f.indices[waiting]) + " waits at syncThreads() " + show(f.waitingAt[waiting]) +
                  " (its barrier " + std::to_string(barrier) + ") but thread " + show(f.indices[ended]) +
                  " ended having reached " + std::to_string(barrier - 1) + ": every thread of a block must reach each " +
                  "syncThreads(), the same number of times");
    }
    std::fill(resume.begin(), resume.end(), 1);
    ++barrier;
  }
}

// Stops the running fiber at `site` (a syncThreads(), or a shuffle when `warp`) until the
// scheduler resumes it.
void stopAt(Site site, bool warp) {
  fibers.waitingAt[fibers.current] = site;
  fibers.atWarp[fibers.current] = warp ? 1 : 0;
  swapcontext(&fibers.contexts[fibers.current], &fibers.scheduler);
}

}  // namespace

void barrier(Site site) {
  if (!fibers.active) {
    // A kernel launched without `barriers` runs its threads one after another: nobody to wait for.
    fail("syncThreads() at " + show(site) + " in a kernel launched without barriers (kit::Launch::barriers is false)");
    return;
  }
  stopAt(site, false);
}

uint64_t shuffleDown(unsigned mask, uint64_t bits, unsigned delta, unsigned width, Site site) {
  if (!fibers.active) {
    fail("a warp shuffle at " + show(site) + " in a kernel launched without barriers (kit::Launch::barriers is false)");
    return bits;
  }
  const size_t me = fibers.current;
  const size_t threads = fibers.indices.size();
  if (mask != 0xFFFFFFFFu || threads % kWarpSize != 0) {
    fail("a warp shuffle at " + show(site) + " with mask " + std::to_string(mask) + " in a block of " + std::to_string(threads) +
         " threads: the emulator takes only the full-warp mask, in blocks of whole warps");
    return bits;
  }
  if (width == 0 || width > kWarpSize || (width & (width - 1)) != 0) {
    fail("a warp shuffle at " + show(site) + " of width " + std::to_string(width) + ": CUDA takes a power of two up to 32");
    return bits;
  }
  // Shuffles alternate between two sets of slots: a lane that reads this shuffle's set and
  // goes on to store its next value writes the other set, and this set is written again only
  // after the next shuffle, which every lane of the warp reaches after reading this one.
  std::vector<uint64_t>& slots = fibers.lanes[fibers.shuffles[me]++ % 2];
  slots[me] = bits;
  stopAt(site, true);  // every lane of the warp has stored its value
  const unsigned lane = static_cast<unsigned>(me % kWarpSize);
  return lane % width + delta < width ? slots[me + delta] : bits;
}

cudaError_t run(dim3 grid, dim3 block, size_t sharedBytes, bool barriers, void (*body)(void*), void* arg) {
  const size_t threads = static_cast<size_t>(block.x) * block.y * block.z;
  std::vector<unsigned char> shared(sharedBytes);
  gridDim = grid;
  blockDim = block;
  sharedMemory = shared.data();
  failureText.clear();
  fibers.body = body;
  fibers.arg = arg;
  fibers.indices.clear();
  for (unsigned z = 0; z < block.z; ++z)
    for (unsigned y = 0; y < block.y; ++y)
      for (unsigned x = 0; x < block.x; ++x) fibers.indices.push_back(uint3{x, y, z});
  fibers.active = barriers;
  cudaError_t err = cudaSuccess;
  for (unsigned bz = 0; bz < grid.z && err == cudaSuccess; ++bz) {
    for (unsigned by = 0; by < grid.y && err == cudaSuccess; ++by) {
      for (unsigned bx = 0; bx < grid.x && err == cudaSuccess; ++bx) {
        blockIdx = uint3{bx, by, bz};
        // Shared memory starts as garbage on a GPU; here it starts as 0xFF bytes.
        std::memset(shared.data(), kGuardByte, shared.size());
        if (barriers) {
          err = runCooperativeBlock(threads);
        } else {
          for (const uint3& idx : fibers.indices) {
            threadIdx = idx;
            body(arg);
          }
          if (!failureText.empty()) err = cudaErrorLaunchFailure;
        }
      }
    }
  }
  fibers.active = false;
  return err;
}

size_t takeFailure(char* out, size_t capacity) {
  const size_t length = failureText.size();
  if (capacity > 0) {
    const size_t kept = length < capacity - 1 ? length : capacity - 1;
    std::memcpy(out, failureText.data(), kept);
    out[kept] = '\0';
  }
  failureText.clear();
  return length;
}

cudaError_t checkGuards(const void* ptr) {
  if (ptr == nullptr) return cudaSuccess;
  const size_t capacity = headerWord(ptr, 0), length = headerWord(ptr, 1);
  const bool ok = allGuard(headerOf(ptr) + kHeaderWords, kGuard - kHeaderWords) &&
                  allGuard(static_cast<const unsigned char*>(ptr) + length, capacity - length + kGuard);
  return ok ? cudaSuccess : cudaErrorIllegalAddress;
}

void setLength(void* ptr, size_t bytes) {
  const size_t capacity = headerWord(ptr, 0);
  const size_t length = bytes < capacity ? bytes : capacity;
  setHeaderWord(ptr, 1, length);
  std::memset(ptr, kGuardByte, capacity + kGuard);
}

}  // namespace emu

// ---------------------------------------------------------------- the fake runtime

cudaError_t cudaMalloc(void** ptr, size_t bytes) {
  *ptr = nullptr;
  auto* block = static_cast<unsigned char*>(std::malloc(bytes + 2 * emu::kGuard));
  if (block == nullptr) return cudaErrorMemoryAllocation;
  std::memset(block, emu::kGuardByte, emu::kGuard);
  std::memset(block + emu::kGuard + bytes, emu::kGuardByte, emu::kGuard);
  *ptr = block + emu::kGuard;
  emu::setHeaderWord(*ptr, 0, bytes);
  emu::setHeaderWord(*ptr, 1, bytes);
  return cudaSuccess;
}

cudaError_t cudaFree(void* ptr) {
  if (ptr == nullptr) return cudaSuccess;
  const cudaError_t err = emu::checkGuards(ptr);
  std::free(emu::headerOf(ptr));
  return err;
}

cudaError_t cudaMemset(void* ptr, int value, size_t bytes) {
  std::memset(ptr, value, bytes);
  return cudaSuccess;
}

cudaError_t cudaMemcpy(void* dst, const void* src, size_t bytes, cudaMemcpyKind) {
  std::memcpy(dst, src, bytes);
  return cudaSuccess;
}

cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t bytes, cudaMemcpyKind kind, cudaStream_t) {
  return cudaMemcpy(dst, src, bytes, kind);
}

cudaError_t cudaMallocHost(void** ptr, size_t bytes) {
  *ptr = std::malloc(bytes);
  return *ptr == nullptr ? cudaErrorMemoryAllocation : cudaSuccess;
}

cudaError_t cudaFreeHost(void* ptr) {
  std::free(ptr);
  return cudaSuccess;
}

cudaError_t cudaEventCreateWithFlags(cudaEvent_t* event, unsigned) {
  static int token;
  *event = reinterpret_cast<cudaEvent_t>(&token);
  return cudaSuccess;
}

cudaError_t cudaEventRecord(cudaEvent_t, cudaStream_t) { return cudaSuccess; }

cudaError_t cudaEventSynchronize(cudaEvent_t) { return cudaSuccess; }

cudaError_t cudaGetDeviceCount(int* count) {
  *count = 1;
  return cudaSuccess;
}

cudaError_t cudaGetDeviceProperties(cudaDeviceProp* prop, int) {
  std::memset(prop, 0, sizeof *prop);
  std::strncpy(prop->name, "emulated: kernels run as a CPU loop over the CUDA grid", sizeof prop->name - 1);
  return cudaSuccess;
}

cudaError_t cudaDriverGetVersion(int* version) {
  *version = 0;
  return cudaSuccess;
}

cudaError_t cudaRuntimeGetVersion(int* version) {
  *version = 0;
  return cudaSuccess;
}

cudaError_t cudaDeviceSynchronize() { return cudaSuccess; }

cudaError_t cudaGetLastError() { return cudaSuccess; }

const char* cudaGetErrorName(cudaError_t error) {
  switch (error) {
    case cudaSuccess: return "cudaSuccess";
    case cudaErrorInvalidValue: return "cudaErrorInvalidValue";
    case cudaErrorMemoryAllocation: return "cudaErrorMemoryAllocation";
    case cudaErrorInvalidConfiguration: return "cudaErrorInvalidConfiguration";
    case cudaErrorIllegalAddress: return "cudaErrorIllegalAddress";
    case cudaErrorLaunchFailure: return "cudaErrorLaunchFailure";
  }
  return "cudaErrorUnknown";
}

const char* cudaGetErrorString(cudaError_t error) {
  switch (error) {
    case cudaSuccess: return "no error";
    case cudaErrorInvalidValue: return "invalid argument";
    case cudaErrorMemoryAllocation: return "out of memory";
    case cudaErrorInvalidConfiguration: return "invalid configuration argument";
    case cudaErrorIllegalAddress: return "an illegal memory access was encountered (emulation: a guard byte beside the buffer was overwritten)";
    case cudaErrorLaunchFailure: return "unspecified launch failure";
  }
  return "unknown error";
}

#endif  // KIT_EMULATE
