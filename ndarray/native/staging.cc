// Host copies through two pinned buffers (allocator.h), allocated on the first large copy
// and kept: pinning memory costs milliseconds, so it is done once.
#include <cstring>

#include "allocator.h"

namespace kit {
namespace staging {
namespace {

struct Pinned {
  void* buffer[2] = {nullptr, nullptr};
  cudaEvent_t done[2] = {nullptr, nullptr};
  bool ready = false;
};

Pinned& pinned() {
  static Pinned p;
  return p;
}

cudaError_t prepare() {
  Pinned& p = pinned();
  if (p.ready) return cudaSuccess;
  for (int i = 0; i < 2; ++i) {
    cudaError_t err = p.buffer[i] ? cudaSuccess : cudaMallocHost(&p.buffer[i], kChunkBytes);
    if (err == cudaSuccess && p.done[i] == nullptr) err = cudaEventCreateWithFlags(&p.done[i], cudaEventDisableTiming);
    if (err != cudaSuccess) return err;
  }
  p.ready = true;
  return cudaSuccess;
}

size_t chunkAt(size_t offset, size_t bytes) { return bytes - offset < kChunkBytes ? bytes - offset : kChunkBytes; }

}  // namespace

cudaError_t toDevice(void* device, const void* host, size_t bytes) {
  KitMemoryStats* counters = memory::counters();
  counters->hostCopies++;
  if (bytes < kDirectBytes || prepare() != cudaSuccess) return cudaMemcpy(device, host, bytes, cudaMemcpyHostToDevice);
  counters->stagedCopies++;
  Pinned& p = pinned();
  int k = 0;
  for (size_t offset = 0; offset < bytes; offset += kChunkBytes, k ^= 1) {
    const size_t n = chunkAt(offset, bytes);
    // The buffer's previous chunk must have left it before this one overwrites it.
    cudaError_t err = cudaEventSynchronize(p.done[k]);
    if (err != cudaSuccess) return err;
    std::memcpy(p.buffer[k], static_cast<const unsigned char*>(host) + offset, n);
    err = cudaMemcpyAsync(static_cast<unsigned char*>(device) + offset, p.buffer[k], n, cudaMemcpyHostToDevice, 0);
    if (err == cudaSuccess) err = cudaEventRecord(p.done[k], 0);
    if (err != cudaSuccess) return err;
  }
  return cudaSuccess;
}

cudaError_t toHost(void* host, const void* device, size_t bytes) {
  KitMemoryStats* counters = memory::counters();
  counters->hostCopies++;
  if (bytes < kDirectBytes || prepare() != cudaSuccess) return cudaMemcpy(host, device, bytes, cudaMemcpyDeviceToHost);
  counters->stagedCopies++;
  Pinned& p = pinned();
  const auto issue = [&](size_t offset, int k) {
    const cudaError_t err = cudaMemcpyAsync(p.buffer[k], static_cast<const unsigned char*>(device) + offset,
                                            chunkAt(offset, bytes), cudaMemcpyDeviceToHost, 0);
    return err == cudaSuccess ? cudaEventRecord(p.done[k], 0) : err;
  };
  cudaError_t err = issue(0, 0);
  int k = 0;
  for (size_t offset = 0; offset < bytes && err == cudaSuccess; offset += kChunkBytes, k ^= 1) {
    // The next chunk moves into the other buffer while this one is copied out of pinned memory.
    if (offset + kChunkBytes < bytes) err = issue(offset + kChunkBytes, k ^ 1);
    if (err == cudaSuccess) err = cudaEventSynchronize(p.done[k]);
    if (err == cudaSuccess) std::memcpy(static_cast<unsigned char*>(host) + offset, p.buffer[k], chunkAt(offset, bytes));
  }
  return err;
}

}  // namespace staging
}  // namespace kit
