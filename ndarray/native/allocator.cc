// The caching allocator of allocator.h: a free list per size class, and the live blocks'
// classes so release() knows where a block goes back.
#include "allocator.h"

#include <unordered_map>
#include <vector>

namespace kit {
namespace memory {
namespace {

struct Cache {
  std::unordered_map<size_t, std::vector<void*>> free;  // class bytes → free blocks
  std::unordered_map<void*, size_t> live;               // block → its class bytes
  KitMemoryStats stats{};
};

Cache& cache() {
  static Cache c;
  return c;
}

// In the emulation build a block's bytes past the request become guard bytes and its data
// garbage, whether it is new or reused, so a kernel that reads memory nobody wrote, or
// writes past the request, is seen as on a fresh cudaMalloc.
void handOut(void* block, size_t bytes) {
#ifdef KIT_EMULATE
  emu::setLength(block, bytes);
#else
  (void)block;
  (void)bytes;
#endif
}

}  // namespace

size_t classOf(size_t bytes) {
  if (bytes <= kMinClass) return kMinClass;
  size_t power = kMinClass;
  while (power * 2 < bytes) power *= 2;
  const size_t step = power / 4;
  return (bytes + step - 1) / step * step;
}

cudaError_t acquire(void** out, size_t bytes) {
  *out = nullptr;
  if (bytes == 0) return cudaSuccess;
  Cache& c = cache();
  const size_t cls = classOf(bytes);
  std::vector<void*>& list = c.free[cls];
  void* block = nullptr;
  if (!list.empty()) {
    block = list.back();
    list.pop_back();
    c.stats.cachedBytes -= cls;
    c.stats.reuses++;
  } else {
    cudaError_t err = cudaMalloc(&block, cls);
    if (err == cudaErrorMemoryAllocation && c.stats.cachedBytes > 0) {
      cudaGetLastError();  // the failed cudaMalloc is also CUDA's last error; it is handled here
      emptyCache();
      err = cudaMalloc(&block, cls);
    }
    if (err != cudaSuccess) {
      cudaGetLastError();
      return err;
    }
    c.stats.mallocs++;
  }
  handOut(block, bytes);
  c.live[block] = cls;
  c.stats.liveBytes += cls;
  if (c.stats.liveBytes > c.stats.peakBytes) c.stats.peakBytes = c.stats.liveBytes;
  *out = block;
  return cudaSuccess;
}

cudaError_t release(void* ptr) {
  if (ptr == nullptr) return cudaSuccess;
  Cache& c = cache();
  const auto found = c.live.find(ptr);
  if (found == c.live.end()) return cudaErrorInvalidValue;
  const size_t cls = found->second;
  c.live.erase(found);
  c.stats.liveBytes -= cls;
  c.stats.releases++;
#ifdef KIT_EMULATE
  // A kernel that wrote past its buffer is reported at release too, as cudaFree reports it.
  const cudaError_t guards = emu::checkGuards(ptr);
  if (guards != cudaSuccess) return guards;
#endif
  if (c.stats.cachedBytes + cls > kMaxCachedBytes) {
    c.stats.frees++;
    return cudaFree(ptr);
  }
  c.free[cls].push_back(ptr);
  c.stats.cachedBytes += cls;
  return cudaSuccess;
}

cudaError_t emptyCache() {
  Cache& c = cache();
  cudaError_t first = cudaSuccess;
  for (auto& entry : c.free) {
    for (void* block : entry.second) {
      const cudaError_t err = cudaFree(block);
      if (first == cudaSuccess) first = err;
      c.stats.frees++;
    }
    entry.second.clear();
  }
  c.stats.cachedBytes = 0;
  return first;
}

KitMemoryStats* counters() { return &cache().stats; }

}  // namespace memory
}  // namespace kit

extern "C" {

void KitCountLaunch(void) { kit::memory::counters()->launches++; }

void KitStats(KitMemoryStats* out) { *out = *kit::memory::counters(); }

cudaError_t KitEmptyCache(void) { return kit::memory::emptyCache(); }

}  // extern "C"
