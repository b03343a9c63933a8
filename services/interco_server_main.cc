// interco_server: flags, signals and wiring; everything else lives in libraries.
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "absl/debugging/failure_signal_handler.h"
#include "absl/debugging/symbolize.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "services/api/ledger_stream.h"
#include "services/common/status_macros.h"
#include "services/connection_limits.h"
#include "services/listen_address.h"
#include "services/observability/grpc_log.h"
#include "services/observability/json_log.h"
#include "services/pricing/fx.h"
#include "services/server.h"
#include "services/single_writer_guard.h"
#include "spdlog/sinks/stdout_sinks.h"
#include "spdlog/spdlog.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "HOST:PORT to serve gRPC on; port 0 picks a free port");
ABSL_FLAG(std::string, data_dir, "var/interco", "RocksDB data directory (created if missing)");
ABSL_FLAG(int64_t, drain_deadline_ms, 10000,
          "on SIGTERM/SIGINT, how long in-flight calls may finish before being cancelled");
ABSL_FLAG(int32_t, max_message_bytes, 4 << 20, "largest request or response message");
ABSL_FLAG(int32_t, max_concurrent_streams, interco::api::LedgerLimits().max_concurrent_streams,
          "StreamPostTransactions calls open at once, and StreamImportTrialBalance calls (each "
          "their own slots); more are refused with RESOURCE_EXHAUSTED");
ABSL_FLAG(int64_t, stream_idle_timeout_ms,
          absl::ToInt64Milliseconds(interco::api::LedgerLimits().stream_idle_timeout),
          "a posting or trial balance import stream that sends nothing for this long is ended "
          "(DEADLINE_EXCEEDED)");
ABSL_FLAG(int32_t, max_concurrent_verifications,
          interco::api::LedgerLimits().max_concurrent_verifications,
          "VerifyLedger calls running at once, off the serving threads; more are refused with "
          "RESOURCE_EXHAUSTED");
ABSL_FLAG(int64_t, max_verification_s,
          absl::ToInt64Seconds(interco::api::LedgerLimits().max_verification_time),
          "a VerifyLedger call stops with DEADLINE_EXCEEDED after this long");
ABSL_FLAG(int32_t, reads_concurrency_max, interco::ServerOptions().reads_concurrency_max,
          "long reads (ListEntries, GetMismatches, RunConsolidation) running at once, on "
          "threads of their own shared by every group (never gRPC's)");
ABSL_FLAG(int32_t, reads_queue_max, interco::ServerOptions().reads_queue_max,
          "long reads waiting for a reader; more are refused with RESOURCE_EXHAUSTED");
ABSL_FLAG(std::string, backup_dir, "",
          "directory for AdminService.CreateCheckpoint (best on the data directory's "
          "filesystem); empty refuses checkpoints");
ABSL_FLAG(std::string, tls_cert_file, "", "PEM certificate chain; with --tls_key_file, serve TLS");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of --tls_cert_file");
ABSL_FLAG(std::string, tls_client_ca_file, "",
          "PEM CA bundle; set: mutual TLS, every client must present a certificate it issued");
ABSL_FLAG(bool, allow_plaintext, false,
          "serve plaintext on a non-loopback address (only behind a mesh sidecar doing mTLS)");
ABSL_FLAG(std::string, access_policy_file, "",
          "JSON file mapping caller SPIFFE IDs to roles (poster, controller, admin); empty: "
          "no access control");
ABSL_FLAG(bool, trust_forwarded_client_cert, false,
          "take the caller's identity from the x-forwarded-client-cert header (set only when "
          "a mesh sidecar is the only way in)");
ABSL_FLAG(bool, mutex_deadlock_detection, false,
          "check every absl::Mutex acquisition for lock-order cycles (tests turn it on; it "
          "costs 2-3% of the CPU of a posting)");
ABSL_FLAG(std::string, log_level, "info",
          "trace, debug (adds one line per successful RPC), info, warn, error or off");
ABSL_FLAG(std::string, metrics_listen, "127.0.0.1:9464",
          "HOST:PORT for Prometheus metrics at /metrics; port 0 picks one; empty turns them off");
ABSL_FLAG(int32_t, fx_spot_stale_days_max, interco::pricing::kDefaultSpotStaleDaysMax,
          "how many days after its date a SPOT rate is still used when no later rate of the "
          "pair exists (weekends, holidays); 0 to 31");
ABSL_FLAG(int64_t, get_structure_records_max, interco::api::kDefaultStructureRecordsMax,
          "the most records (entities, departments, employees, edges) GetStructure answers "
          "with; larger groups are read page by page with the List methods; >= 1");
ABSL_FLAG(bool, allow_remote_metrics, false,
          "serve metrics on a non-loopback --metrics_listen (only where a NetworkPolicy "
          "restricts who may scrape)");
// Embedded mode's one writer (services/single_writer_guard.h). The pod name defaults to
// $POD_NAME, which the manifests set from the downward API's metadata.name.
namespace {
std::string PodNameFromEnvironment() {
  const char* name = std::getenv("POD_NAME");
  return name != nullptr ? name : "";
}
}  // namespace
ABSL_FLAG(std::string, single_writer_pod, "",
          "the one pod that may write the ledger (e.g. interco-0); any other --pod_name exits "
          "2 before opening the data directory; empty: no check");
ABSL_FLAG(std::string, pod_name, PodNameFromEnvironment(),
          "this process's pod, compared with --single_writer_pod, and its name as a group's "
          "owner in replicated mode (default: $POD_NAME, then the host name)");
// Connection limits (services/connection_limits.h), with ConnectionLimits' defaults.
namespace {
int64_t DefaultMs(absl::Duration interco::ConnectionLimits::*limit) {
  return absl::ToInt64Milliseconds(interco::ConnectionLimits().*limit);
}
}  // namespace
ABSL_FLAG(int64_t, handshake_timeout_ms, DefaultMs(&interco::ConnectionLimits::handshake_timeout),
          "a connection that has not finished its TLS handshake and HTTP/2 preface by then is "
          "closed");
ABSL_FLAG(int64_t, max_connection_idle_ms,
          DefaultMs(&interco::ConnectionLimits::max_connection_idle),
          "a connection with no call open for this long is sent GOAWAY and closed");
ABSL_FLAG(int64_t, max_connection_age_ms, DefaultMs(&interco::ConnectionLimits::max_connection_age),
          "every connection is sent GOAWAY after this long (+/-10% jitter); clients reconnect");
ABSL_FLAG(int64_t, max_connection_age_grace_ms,
          DefaultMs(&interco::ConnectionLimits::max_connection_age_grace),
          "after max_connection_age, how long its open calls may finish before they are "
          "cancelled");
ABSL_FLAG(int64_t, keepalive_time_ms, DefaultMs(&interco::ConnectionLimits::keepalive_time),
          "ping a connection with calls open after this long without traffic");
ABSL_FLAG(int64_t, keepalive_timeout_ms, DefaultMs(&interco::ConnectionLimits::keepalive_timeout),
          "close the connection when a keepalive ping is not answered within this");
ABSL_FLAG(int32_t, max_streams_per_connection,
          interco::ConnectionLimits().max_streams_per_connection,
          "calls open at once on one connection (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS)");
ABSL_FLAG(int64_t, grpc_memory_quota_bytes, interco::ConnectionLimits().memory_quota_bytes,
          "memory gRPC may use for all connections' buffers together (grpc::ResourceQuota)");
ABSL_FLAG(int64_t, groups_max, interco::ServerOptions().groups_max,
          "groups (tenants) this server may hold, \"default\" included");
ABSL_FLAG(int64_t, open_groups_max, interco::ServerOptions().open_groups_max,
          "groups open at once (each a RocksDB instance and a writer thread); the least "
          "recently used idle one is closed to open another");
ABSL_FLAG(int64_t, group_idle_close_s, 600, "a group no call used for this long is closed");
ABSL_FLAG(int32_t, max_concurrent_streams_total, interco::ServerOptions().max_streams_total,
          "posting and import streams open at once in all groups together");
// Import streams (services/api/import_budget.h, import_pace.h), with ServerOptions' defaults.
ABSL_FLAG(int64_t, import_buffer_bytes_max,
          static_cast<int64_t>(interco::ServerOptions().import_buffer_bytes_max),
          "bytes all open StreamImportTrialBalance calls may hold together (every group's); a "
          "message beyond it ends its stream with RESOURCE_EXHAUSTED");
ABSL_FLAG(int64_t, import_min_bytes_per_second,
          interco::api::ImportPaceLimits().min_bytes_per_second,
          "an import stream must send at least this many bytes per second over each "
          "--import_rate_window_s, or it is ended (DEADLINE_EXCEEDED); 0: no minimum");
ABSL_FLAG(int64_t, import_rate_window_s,
          absl::ToInt64Seconds(interco::api::ImportPaceLimits().rate_window),
          "the window over which --import_min_bytes_per_second is averaged");
ABSL_FLAG(int64_t, import_max_duration_s,
          absl::ToInt64Seconds(interco::api::ImportPaceLimits().max_duration),
          "an import stream open longer than this is ended (DEADLINE_EXCEEDED)");
// The import lane (services/api/import_lane.h).
ABSL_FLAG(int64_t, import_share_percent, interco::api::ImportLaneOptions().share_percent,
          "while postings are being written, trial balance imports take at most about this "
          "share of the wall time (they rest in between); 100: never paced");
ABSL_FLAG(int64_t, import_queue_max, interco::api::ImportLaneOptions().queue_max,
          "imports waiting for the import lane; beyond it an import is RESOURCE_EXHAUSTED");
// Replicated mode (services/group_replicas.h).
ABSL_FLAG(std::string, etcd_endpoints, "",
          "host:port,... of the etcd cluster holding every group's log: replicated mode, in "
          "which each group is owned by one pod and followed by the others; empty: embedded "
          "mode (one pod, no etcd)");
ABSL_FLAG(std::string, etcd_ca_file, "",
          "replicated mode: PEM file of the CA that issued etcd's server certificates: etcd "
          "is reached over TLS (its client URLs are https://); empty: plaintext");
ABSL_FLAG(std::string, etcd_cert_file, "",
          "replicated mode: PEM client certificate presented to etcd (its --client-cert-auth); "
          "needs --etcd_ca_file and --etcd_key_file");
ABSL_FLAG(std::string, etcd_key_file, "", "replicated mode: PEM private key of --etcd_cert_file");
ABSL_FLAG(std::string, advertise_address, "",
          "replicated mode: host:port at which the other pods reach this one, to forward "
          "calls for the groups it owns; empty: the --listen host (the host name when it is "
          "0.0.0.0 or ::) and the bound port");
ABSL_FLAG(int64_t, group_lease_ttl_s, 5,
          "replicated mode: seconds after an owner stops renewing its lease before another pod "
          "may take its groups over");
ABSL_FLAG(int64_t, log_keep_records, interco::ReplicationOptions().log_keep_records,
          "replicated mode: each group's log keeps this many records below what every pod "
          "holds (a pod that starts on an empty disk catches up from them); older ones are "
          "deleted from etcd");
ABSL_FLAG(int64_t, log_trim_every_s,
          absl::ToInt64Seconds(interco::ReplicationOptions().trim_every),
          "replicated mode: how often a group's owner trims its log");
ABSL_FLAG(bool, metrics_group_label, true,
          "per-group metric series carry a group label; turn off for thousands of groups");

namespace {

constexpr int kExitStartupFailure = 1;
constexpr int kExitBadFlag = 2;

int Fail(int code, const std::string& message) {
  std::cerr << "interco_server: " << message << std::endl;
  return code;
}

// The ledger service's limits; INVALID_ARGUMENT naming the flag out of range.
absl::StatusOr<interco::api::LedgerLimits> LedgerLimitsFromFlags() {
  interco::api::LedgerLimits limits;
  limits.max_concurrent_streams = absl::GetFlag(FLAGS_max_concurrent_streams);
  limits.max_concurrent_verifications = absl::GetFlag(FLAGS_max_concurrent_verifications);
  const int64_t idle_ms = absl::GetFlag(FLAGS_stream_idle_timeout_ms);
  const int64_t verification_s = absl::GetFlag(FLAGS_max_verification_s);
  if (limits.max_concurrent_streams < 1 || limits.max_concurrent_streams > 10000) {
    return absl::InvalidArgumentError("--max_concurrent_streams must be in [1, 10000]");
  }
  if (limits.max_concurrent_verifications < 1 || limits.max_concurrent_verifications > 16) {
    return absl::InvalidArgumentError("--max_concurrent_verifications must be in [1, 16]");
  }
  if (idle_ms < 100 || idle_ms > 3600 * 1000) {
    return absl::InvalidArgumentError("--stream_idle_timeout_ms must be in [100, 3600000]");
  }
  if (verification_s < 1 || verification_s > 24 * 3600) {
    return absl::InvalidArgumentError("--max_verification_s must be in [1, 86400]");
  }
  limits.stream_idle_timeout = absl::Milliseconds(idle_ms);
  limits.max_verification_time = absl::Seconds(verification_s);
  return limits;
}

// The import streams' limits into `options`; INVALID_ARGUMENT naming the flag out of range.
absl::Status ImportOptionsFromFlags(interco::ServerOptions* options) {
  const int64_t buffer_max = absl::GetFlag(FLAGS_import_buffer_bytes_max);
  const int64_t window_s = absl::GetFlag(FLAGS_import_rate_window_s);
  const int64_t duration_s = absl::GetFlag(FLAGS_import_max_duration_s);
  if (absl::Status valid = interco::api::ValidateImportBufferBytesMax(buffer_max); !valid.ok()) {
    return valid;
  }
  options->import_buffer_bytes_max = static_cast<size_t>(buffer_max);
  interco::api::ImportPaceLimits& pace = options->import_pace;
  pace.min_bytes_per_second = absl::GetFlag(FLAGS_import_min_bytes_per_second);
  // Out-of-range seconds are clamped just beyond the range, never overflowed.
  pace.rate_window = absl::Seconds(std::clamp<int64_t>(window_s, 0, int64_t{1} << 32));
  pace.max_duration = absl::Seconds(std::clamp<int64_t>(duration_s, 0, int64_t{1} << 32));
  if (absl::Status valid = interco::api::ValidateImportPaceLimits(pace); !valid.ok()) return valid;
  options->import_lane.share_percent = absl::GetFlag(FLAGS_import_share_percent);
  options->import_lane.queue_max = absl::GetFlag(FLAGS_import_queue_max);
  return interco::api::ValidateImportLaneOptions(options->import_lane);
}

// Replicated mode's settings into `options` (none without --etcd_endpoints);
// INVALID_ARGUMENT naming the flag.
absl::Status ReplicationFromFlags(interco::ServerOptions* options) {
  const std::string endpoints = absl::GetFlag(FLAGS_etcd_endpoints);
  interco::ReplicationOptions& replication = options->replication;
  replication.etcd_tls = {absl::GetFlag(FLAGS_etcd_ca_file), absl::GetFlag(FLAGS_etcd_cert_file),
                          absl::GetFlag(FLAGS_etcd_key_file)};
  // Embedded mode: refused only with etcd's TLS flags.
  if (endpoints.empty()) return interco::ValidateReplicationOptions(replication);
  replication.etcd_endpoints = absl::StrSplit(endpoints, ',');
  replication.pod = absl::GetFlag(FLAGS_pod_name);
  if (replication.pod.empty()) replication.pod = interco::HostName();
  replication.advertise_address = absl::GetFlag(FLAGS_advertise_address);
  if (!replication.advertise_address.empty()) {
    absl::StatusOr<interco::ListenAddress> advertised =
        interco::ParseListenAddress(replication.advertise_address);
    if (!advertised.ok() || advertised->port == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--advertise_address must be host:port with a port other than 0 (got \"",
          replication.advertise_address, "\")"));
    }
  }
  const int64_t ttl_s = absl::GetFlag(FLAGS_group_lease_ttl_s);
  replication.lease_ttl = absl::Seconds(std::clamp<int64_t>(ttl_s, 0, 3600));
  const int64_t keep = absl::GetFlag(FLAGS_log_keep_records);
  if (keep < 0) return absl::InvalidArgumentError("--log_keep_records must be >= 0");
  replication.log_keep_records = static_cast<uint64_t>(keep);
  const int64_t trim_s = absl::GetFlag(FLAGS_log_trim_every_s);
  if (trim_s < 1 || trim_s > 86400) {
    return absl::InvalidArgumentError("--log_trim_every_s must be in [1, 86400]");
  }
  replication.trim_every = absl::Seconds(trim_s);
  return interco::ValidateReplicationOptions(replication);
}

// The group limits and the server-wide ones (streams, readers) into `options`;
// INVALID_ARGUMENT naming the flag out of range.
absl::Status GroupOptionsFromFlags(interco::ServerOptions* options) {
  const int64_t groups_max = absl::GetFlag(FLAGS_groups_max);
  const int64_t open_max = absl::GetFlag(FLAGS_open_groups_max);
  const int64_t idle_s = absl::GetFlag(FLAGS_group_idle_close_s);
  if (groups_max < 1 || groups_max > 100000) {
    return absl::InvalidArgumentError("--groups_max must be in [1, 100000]");
  }
  if (open_max < 1 || open_max > 10000) {
    return absl::InvalidArgumentError("--open_groups_max must be in [1, 10000]");
  }
  if (idle_s < 1 || idle_s > 7 * 24 * 3600) {
    return absl::InvalidArgumentError("--group_idle_close_s must be in [1, 604800]");
  }
  options->groups_max = static_cast<size_t>(groups_max);
  options->open_groups_max = static_cast<size_t>(open_max);
  options->group_idle_close = absl::Seconds(idle_s);
  options->metrics_group_label = absl::GetFlag(FLAGS_metrics_group_label);
  const int32_t streams_total = absl::GetFlag(FLAGS_max_concurrent_streams_total);
  if (streams_total < options->ledger_limits.max_concurrent_streams || streams_total > 100000) {
    return absl::InvalidArgumentError(
        "--max_concurrent_streams_total must be in [--max_concurrent_streams, 100000]");
  }
  options->max_streams_total = streams_total;
  const int32_t reads = absl::GetFlag(FLAGS_reads_concurrency_max);
  const int32_t reads_queue = absl::GetFlag(FLAGS_reads_queue_max);
  if (reads < 1 || reads > 256) {
    return absl::InvalidArgumentError("--reads_concurrency_max must be in [1, 256]");
  }
  if (reads_queue < 0 || reads_queue > 100000) {
    return absl::InvalidArgumentError("--reads_queue_max must be in [0, 100000]");
  }
  options->reads_concurrency_max = reads;
  options->reads_queue_max = reads_queue;
  RETURN_IF_ERROR(ReplicationFromFlags(options));
  return ImportOptionsFromFlags(options);
}

// Ends the process with `code` at once, once Shutdown() has returned: the queue is written
// and RocksDB closed, so the destructors left would only free memory. (One of them used to
// stop CivetWeb's metrics endpoint, which kept the process alive 0.7-3.7 s after "stopped
// cleanly"; the endpoint now stops at once, but nothing is gained by waiting for them.)
[[noreturn]] void ExitAfterShutdown(int code) {
  spdlog::shutdown();  // Flushes the log.
  std::fflush(nullptr);
  std::_Exit(code);
}

// "CODE: message", without the payloads absl::Status::ToString() appends.
std::string Describe(const absl::Status& status) {
  return absl::StrCat(absl::StatusCodeToString(status.code()), ": ", status.message());
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Interco intercompany transfer-pricing ledger server");
  // A crash (an abort, a bad pointer) writes its stack to stderr before the process dies
  // with the same signal: the pod's log then says where, not only that it died.
  absl::InitializeSymbolizer(argv[0]);
  absl::InstallFailureSignalHandler(absl::FailureSignalHandlerOptions());
  absl::ParseCommandLine(argc, argv);
  // Debian's Abseil is built with deadlock detection on: its bookkeeping runs inside every
  // mutex gRPC and we take. Production turns it off; the tests' servers keep it.
  if (!absl::GetFlag(FLAGS_mutex_deadlock_detection)) {
    absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  }

  const spdlog::level::level_enum level = spdlog::level::from_str(absl::GetFlag(FLAGS_log_level));
  if (level == spdlog::level::off && absl::GetFlag(FLAGS_log_level) != "off") {
    return Fail(kExitBadFlag, "invalid --log_level \"" + absl::GetFlag(FLAGS_log_level) + "\"");
  }
  // stdout carries only the "listening on" and "metrics on" lines; logs go to stderr as
  // one JSON object per line.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("interco"));
  spdlog::set_formatter(interco::observability::NewJsonFormatter());
  spdlog::set_level(level);
  // gRPC's own lines (a refused TLS handshake, say) as JSON lines too.
  interco::observability::RouteGrpcLogToJson();
  // A peer that goes away must never kill the server; write errors are handled instead.
  signal(SIGPIPE, SIG_IGN);
  // Before anything opens the data directory: in embedded mode a second replica must never
  // become a second ledger.
  if (const absl::Status writer = interco::CheckSingleWriter(absl::GetFlag(FLAGS_single_writer_pod),
                                                             absl::GetFlag(FLAGS_pod_name));
      !writer.ok()) {
    spdlog::error("{}", Describe(writer));
    return kExitBadFlag;
  }

  absl::StatusOr<interco::ListenAddress> listen =
      interco::ParseListenAddress(absl::GetFlag(FLAGS_listen));
  if (!listen.ok())
    return Fail(kExitBadFlag, "invalid --listen: " + std::string(listen.status().message()));
  // A stream's reply (one bounded result per item) must fit one message by construction.
  if (absl::GetFlag(FLAGS_drain_deadline_ms) < 0 ||
      absl::GetFlag(FLAGS_max_message_bytes) <
          static_cast<int64_t>(interco::api::kMinMaxMessageBytes)) {
    return Fail(kExitBadFlag,
                absl::StrCat("--drain_deadline_ms must be >= 0, --max_message_bytes >= ",
                             interco::api::kMinMaxMessageBytes, " (a full stream's reply)"));
  }
  const absl::StatusOr<interco::api::LedgerLimits> ledger_limits = LedgerLimitsFromFlags();
  if (!ledger_limits.ok()) return Fail(kExitBadFlag, std::string(ledger_limits.status().message()));
  const int32_t spot_stale_days = absl::GetFlag(FLAGS_fx_spot_stale_days_max);
  if (spot_stale_days < 0 || spot_stale_days > interco::pricing::kMaxStaleDays) {
    return Fail(kExitBadFlag, absl::StrCat("--fx_spot_stale_days_max must be in [0, ",
                                           interco::pricing::kMaxStaleDays, "]"));
  }

  const int64_t structure_records_max = absl::GetFlag(FLAGS_get_structure_records_max);
  if (structure_records_max < 1) {
    return Fail(kExitBadFlag, "--get_structure_records_max must be >= 1");
  }

  // Block the shutdown signals before any thread starts, so that every thread inherits the
  // mask and only sigwait() below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  interco::ServerOptions options;
  options.listen = *listen;
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  options.drain_deadline = absl::Milliseconds(absl::GetFlag(FLAGS_drain_deadline_ms));
  options.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  options.ledger_limits = *ledger_limits;
  options.ledger_limits.max_reply_bytes = static_cast<size_t>(options.max_message_bytes);
  options.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  options.allow_remote_metrics = absl::GetFlag(FLAGS_allow_remote_metrics);
  interco::ConnectionLimits& limits = options.connection_limits;
  limits.handshake_timeout = absl::Milliseconds(absl::GetFlag(FLAGS_handshake_timeout_ms));
  limits.max_connection_idle = absl::Milliseconds(absl::GetFlag(FLAGS_max_connection_idle_ms));
  limits.max_connection_age = absl::Milliseconds(absl::GetFlag(FLAGS_max_connection_age_ms));
  limits.max_connection_age_grace =
      absl::Milliseconds(absl::GetFlag(FLAGS_max_connection_age_grace_ms));
  limits.keepalive_time = absl::Milliseconds(absl::GetFlag(FLAGS_keepalive_time_ms));
  limits.keepalive_timeout = absl::Milliseconds(absl::GetFlag(FLAGS_keepalive_timeout_ms));
  limits.max_streams_per_connection = absl::GetFlag(FLAGS_max_streams_per_connection);
  limits.memory_quota_bytes = absl::GetFlag(FLAGS_grpc_memory_quota_bytes);
  if (absl::Status valid = interco::ValidateConnectionLimits(limits); !valid.ok()) {
    return Fail(kExitBadFlag, std::string(valid.message()));
  }
  options.backup_dir = absl::GetFlag(FLAGS_backup_dir);
  options.security.tls_cert_file = absl::GetFlag(FLAGS_tls_cert_file);
  options.security.tls_key_file = absl::GetFlag(FLAGS_tls_key_file);
  options.security.tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca_file);
  options.security.allow_plaintext = absl::GetFlag(FLAGS_allow_plaintext);
  options.security.access_policy_file = absl::GetFlag(FLAGS_access_policy_file);
  options.security.trust_forwarded_client_cert = absl::GetFlag(FLAGS_trust_forwarded_client_cert);
  options.fx_staleness.spot_days_max = spot_stale_days;
  options.get_structure_records_max = static_cast<size_t>(structure_records_max);
  if (absl::Status valid = GroupOptionsFromFlags(&options); !valid.ok()) {
    return Fail(kExitBadFlag, std::string(valid.message()));
  }
  absl::StatusOr<std::unique_ptr<interco::InterCoServer>> server =
      interco::InterCoServer::Start(options);
  if (!server.ok()) return Fail(kExitStartupFailure, Describe(server.status()));

  // "listening on" comes last: once it is printed, everything is serving.
  if ((*server)->metrics_port() != 0) {
    std::cout << "metrics on "
              << options.metrics_listen.substr(0, options.metrics_listen.rfind(':')) << ":"
              << (*server)->metrics_port() << std::endl;
  }
  std::cout << "listening on " << (*server)->address().ToString() << std::endl;
  spdlog::info("serving on {} with data in {}", (*server)->address().ToString(), options.data_dir);

  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("received {}, shutting down", received == SIGTERM ? "SIGTERM" : "SIGINT");
  const absl::Status stopped = (*server)->Shutdown();
  if (!stopped.ok()) {
    ExitAfterShutdown(Fail(kExitStartupFailure, "shutdown: " + Describe(stopped)));
  }
  spdlog::info("stopped cleanly");
  ExitAfterShutdown(0);
}
