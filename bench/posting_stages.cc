// PostingStages: see stack_profile.h. Patterns are substrings of demangled symbols as perf
// prints them; for each frame, from the leaf up, the first stage with a matching pattern
// wins, so a specific stage (WAL sync) is listed before one that encloses it (RocksDB
// write); the catch-alls (fallback) come last and count only where nothing else matched.
#include "bench/stack_profile.h"

namespace interco::bench {

const std::vector<Stage>& PostingStages() {
  static const auto* const kStages = new std::vector<Stage>{
      {"WAL sync (fdatasync)",
       {"fdatasync", "fsync", "WritableFileWriter::Sync", "SyncWAL", "ext4_sync_file",
        "PosixWritableFile::Sync"}},
      {"RocksDB write: WAL append (write(2))",
       {"DBImpl::WriteToWAL", "DBImpl::WriteGroupToWAL", "log::Writer::AddRecord"}},
      {"RocksDB write: batch, memtable inserts, write group",
       {"rocksdb::WriteBatch", "WriteBatchInternal", "MemTable::Add", "DBImpl::WriteImpl",
        "DBImpl::Write", "DBImpl::PipelinedWriteImpl", "WriteThread::"}},
      {"RocksDB flush and compaction (background threads)",
       {"FlushJob", "CompactionJob", "DBImpl::BGWork", "DBImpl::BackgroundCall",
        "DBImpl::BackgroundFlush", "DBImpl::BackgroundCompaction"}},
      {"hashing (chain SHA-256, request fingerprints)",
       {"SHA256", "sha256", "ChainHash", "Fingerprint", "CanonicalEncoding"}},
      {"idempotency lookups (handler and writer)",
       {"Poster::FindRetry", "LedgerStore::FindRecord", "LedgerStore::FindRequest",
        "LedgerStore::FindBusinessKey", "Sequencer::Resolve"}},
      {"pricing", {"interco::pricing::"}},
      {"authorization", {"Authorizer", "interco::security::", "CheckEntities"}},
      {"parsing (protobuf decode, proto to domain)",
       {"_InternalParse", "ParseContext", "MergeFromImpl", "::Deserialize", "ProtoBufferReader",
        "FromProto", "ParseFrom", "MergePartialFrom"}},
      {"reply (domain to proto, serialization)",
       {"_InternalSerialize", "SerializeWithCachedSizes", "ByteSizeLong", "SerializeToArray",
        "SerializePartial", "GenericSerialize", "ProtoBufferWriter", "ToProto", "PostResponse",
        "LedgerService::Reply", "CheckReplyFits", "ServerUnaryReactor::Finish",
        "ServerReadReactor<>::Finish"}},
      {"protobuf messages: construction, copies, destruction", {"interco::v1::"}},
      {"building (posting, journal entry, encoding)",
       {"interco::posting::", "Poster::Prepare", "EncodeJournal", "EncodeBalance",
        "interco::storage::Encoder", "LedgerStore::Append"}},
      {"group commit (sequencer queue, admission, completions)",
       {"interco::ledger::Sequencer::", "interco::ledger::Poster::"}},
      {"observability (metrics, logs)", {"interco::observability::", "prometheus::", "spdlog::"}},
      {"other Interco code (handlers)", {"interco::"}, /*fallback=*/true},
      {"gRPC and HTTP/2 (transport, completion queues)", {"grpc", "gpr_"}, /*fallback=*/true},
      {"other (kernel, libc, threads)", {}, /*fallback=*/true},
  };
  return *kStages;
}

}  // namespace interco::bench
