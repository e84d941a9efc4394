// The system zlib, for inflating the parts of Excel workbooks (Sources/AtalayaIngest/ZIPArchive.swift).
#include <zlib.h>
