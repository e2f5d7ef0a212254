// The addon's device memory: a caching allocator with size classes, and host copies staged
// through pinned buffers. Host code only (allocator.cc, staging.cc); the kernels never see it.
//
// Why a cache: cudaMalloc costs tens of µs and cudaFree waits for the whole device, while
// the NDArray class allocates an output for every op and frees it when the garbage
// collector runs. A freed block goes back to a free list of its size class and the next
// request of that class takes it, so a training step reuses last step's blocks. Every
// kernel runs on the legacy default stream, so a block freed after a launch and handed to
// a later one is only touched after the earlier kernel in stream order: no event is needed.
// Blocks are not zero-filled: the cuda device zero-fills a buffer only when something reads
// it before a kernel has written all of it (ndarray/devices/cuda/buffer.ts).
//
// All calls come from Node's main thread (kernels, and FinalizationRegistry callbacks
// between them), so nothing here locks.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "launchers.h"

namespace kit {
namespace memory {

// The smallest class: cudaMalloc aligns to 256 bytes, and 512 keeps tiny arrays from
// fragmenting the cache into hundreds of classes.
constexpr size_t kMinClass = 512;
// Above this many cached (free) bytes a released block goes back to CUDA instead.
constexpr size_t kMaxCachedBytes = size_t{2} << 30;

// The size class of a request of `bytes`: 512 bytes at least, then four classes per power
// of two (p, 1.25p, 1.5p, 1.75p), so a block wastes at most a fifth of itself.
size_t classOf(size_t bytes);

// A block of at least `bytes` (nullptr for 0), from the cache when a block of its class is
// free, else from cudaMalloc; when CUDA is out of memory, the cache is emptied and the
// request tried once more.
cudaError_t acquire(void** out, size_t bytes);

// Gives the block back to its class's free list (or to CUDA past kMaxCachedBytes).
// cudaErrorInvalidValue for a pointer acquire() did not hand out.
cudaError_t release(void* ptr);

// Returns every cached block to CUDA.
cudaError_t emptyCache();

// The addon's counters (launchers.h), which the allocator, the host copies and kit::launch() update.
KitMemoryStats* counters();

}  // namespace memory

namespace staging {

// Below this many bytes a host copy is one cudaMemcpy: staging would only add a host copy.
constexpr size_t kDirectBytes = size_t{64} << 10;
// Each of the two pinned staging buffers.
constexpr size_t kChunkBytes = size_t{4} << 20;

// host → device and device → host. Large copies go through two pinned buffers in turn, so
// the CPU copies one chunk between pageable and pinned memory while the DMA engine moves
// the other (a pageable cudaMemcpy stages too, but one chunk at a time, synchronously).
cudaError_t toDevice(void* device, const void* host, size_t bytes);
cudaError_t toHost(void* host, const void* device, size_t bytes);

}  // namespace staging
}  // namespace kit
