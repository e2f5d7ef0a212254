# The CUDA addon. Built on request by build.ts (`npm run build:cuda`), never by npm install.
#
#   emulate=0  kit_cuda.node: the .cu files go through nvcc (SASS for sm_75/80/86/89/90 and
#              compute_90 PTX, compiled in parallel: --threads 0); the glue is ordinary
#              C++; the CUDA runtime is linked statically and its symbols stay hidden.
#              Both builds export Node-API's two entry points only (exports.map).
#   emulate=1  kit_cuda_emulated.node: the same .cu files compiled as C++ with -DKIT_EMULATE
#              (emulate.h), each launch run as a CPU loop over its grid; no GPU, no CUDA.
#              divergent.cu and warps.cu, kernels that test the emulator's barriers and
#              warp shuffles, are only in this one.
{
  "variables": {
    "emulate%": 0,
    "cuda_home%": "/usr/local/cuda",
    "host_cxx%": "g++",
  },
  "targets": [
    {
      "target_name": "<(addon_name)",
      "sources": ["binding.cc", "allocator.cc", "staging.cc", "buffer.cu", "strided.cu", "gather.cu", "ewise.cu", "reduce.cu", "scan.cu", "sort.cu", "matmul.cu"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags_cc": ["-std=c++17", "-fvisibility=hidden"],
      "cflags_cc!": ["-std=gnu++17"],
      "ldflags": ["-Wl,--version-script=<(module_root_dir)/exports.map"],
      "rules": [
        {
          "rule_name": "cu",
          "extension": "cu",
          "inputs": ["common.cuh", "launchers.h", "emulate.h", "allocator.h"],
          "outputs": ["<(INTERMEDIATE_DIR)/<(RULE_INPUT_ROOT).o"],
          "process_outputs_as_sources": 1,
          "conditions": [
            ["emulate==1", {
              "message": "c++ (emulated) <(RULE_INPUT_PATH)",
              "action": ["<(host_cxx)", "-x", "c++", "-std=c++17", "-O1", "-fPIC", "-fvisibility=hidden",
                         "-DKIT_EMULATE", "-c", "<(RULE_INPUT_PATH)", "-o", "<@(_outputs)"],
            }, {
              "message": "nvcc <(RULE_INPUT_PATH)",
              "action": ["<(cuda_home)/bin/nvcc", "-std=c++17", "-O3", "--threads", "0", "-Xcompiler", "-fPIC,-fvisibility=hidden",
                         "-gencode", "arch=compute_75,code=sm_75",
                         "-gencode", "arch=compute_80,code=sm_80",
                         "-gencode", "arch=compute_86,code=sm_86",
                         "-gencode", "arch=compute_89,code=sm_89",
                         "-gencode", "arch=compute_90,code=[sm_90,compute_90]",
                         "-c", "<(RULE_INPUT_PATH)", "-o", "<@(_outputs)"],
            }],
          ],
        },
      ],
      "conditions": [
        ["emulate==1", {
          "sources": ["emulate.cc", "divergent.cu", "warps.cu"],
          "defines": ["KIT_EMULATE"],
        }, {
          "include_dirs": ["<(cuda_home)/include"],
          "libraries": ["-L<(cuda_home)/lib64", "-lcudart_static", "-ldl", "-lrt", "-lpthread"],
          "ldflags": ["-Wl,--exclude-libs,ALL"],
        }],
      ],
    },
  ],
}
