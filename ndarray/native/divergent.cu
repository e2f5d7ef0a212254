// Emulation build only: a kernel that meets its barriers the way KitBarrierMode says, so the
// tests can check that the emulator runs the uniform mode and refuses every other one with
// a reason. A GPU has no use for it: there a divergent barrier hangs or silently corrupts.
#ifndef KIT_EMULATE
#error "divergent.cu is only for the emulation build (-DKIT_EMULATE)"
#endif
#include "common.cuh"

using kit::Thread;

constexpr unsigned kBlock = 64;

// Each thread stores its square in shared memory, waits, then writes its right-hand
// neighbour's: the output is right only if the barrier held every thread until all had stored.
__host__ __device__ void DivergentBarrierBody(const Thread& t, int mode, int32_t* out) {
  int32_t* squares = reinterpret_cast<int32_t*>(t.shared);
  const unsigned x = t.thread.x;
  squares[x] = static_cast<int32_t>(x * x);
  if (mode == KIT_BARRIER_SKIPPED) {
    if (x >= kBlock / 2) return;
    kit::syncThreads();
  } else if (mode == KIT_BARRIER_REPEATED) {
    for (unsigned k = 0; k <= x % 2; ++k) kit::syncThreads();
  } else if (mode == KIT_BARRIER_BRANCHES) {
    if (x % 2 == 0) {
      kit::syncThreads();
    } else {
      kit::syncThreads();
    }
  } else {
    kit::syncThreads();
  }
  out[t.block.x * kBlock + x] = squares[(x + 1) % kBlock];
}
__global__ void DivergentBarrierKernel(int mode, int32_t* out) { DivergentBarrierBody(KIT_THREAD, mode, out); }

extern "C" cudaError_t KitDivergentBarrier(int mode, void* out) {
  if (mode < KIT_BARRIER_UNIFORM || mode > KIT_BARRIER_UNFLAGGED) return cudaErrorInvalidValue;
  const kit::Launch cfg{dim3(2), dim3(kBlock), kBlock * sizeof(int32_t), mode != KIT_BARRIER_UNFLAGGED};
  return kit::launch(DivergentBarrierKernel, cfg, mode, static_cast<int32_t*>(out));
}
