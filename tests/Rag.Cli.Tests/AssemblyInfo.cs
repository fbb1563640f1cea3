// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Cli.Tests;

// Every test starts processes that load the ONNX model; on a small CI machine running them one at a time is faster
// than contending, and the Ctrl+C test needs predictable timing.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: AssemblyFixture(typeof(IndexedSampleDocsFixture))]
