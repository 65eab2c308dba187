// Stack buffers in the formatting paths are always written before being read.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
