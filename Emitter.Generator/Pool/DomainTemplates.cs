using Emitter.Generator.Emission;
using Emitter.Generator.Model;

namespace Emitter.Generator.Pool;

/// <summary>
/// The templates of service voices, one group per domain plus <see cref="ServiceDomains.Shared"/>
/// infrastructure and the <see cref="ServiceDomains.Upstream"/> lines a caller logs about a
/// callee. Written by the same rules as <see cref="LevelTemplates"/> (the words that set a
/// level sit in the literal text), and no two templates of all groups spell the same string
/// (the tests prove both), so groups can be mixed in one pool and every capacity is exact.
/// Domain lines do not name a random service: whose voice it is shows in the entry's service.
/// </summary>
internal static class DomainTemplates
{
    /// <summary>Every group's templates, keyed by group name (domains, shared, upstream).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<MessageTemplate>> ByGroup = new Dictionary<string, IReadOnlyList<MessageTemplate>>(StringComparer.Ordinal)
    {
        [ServiceDomains.Shared] = Group(
            debug:
            [
                "cache lookup {cacheKey}: {cacheResult} in {us}us",
                "resolved {host} to {ip} in {fastMs}ms (ttl {ttl}s)",
                "{component}: acquired connection #{connNo} ({idle} idle, {active} active)",
                "gc gen{gen} collection took {gcDebugMs}ms, heap {mb}MB",
                "thread pool: {workers} workers, {queueLen} queued work items",
                "grpc {grpcMethod} sending {bytes} bytes, deadline {ms}ms",
            ],
            info:
            [
                "health check passed: {host} responded in {ms}ms",
                "pool initialised with {poolSize} connections to {endpoint}",
                "connection to {endpoint} established successfully in {fastMs}ms",
                "started successfully on port {appPort} in {startupMs}ms (version {semver})",
                "config loaded, {count} keys changed (etag {etag})",
            ],
            warn:
            [
                "connection pool for {dbHost} near capacity, {pct}% in use",
                "disk usage on {host} at {pct}%, above {diskThreshold}% threshold",
                "high memory pressure: heap {pct}% used, GC pause {gcMs}ms",
                "{cacheName} cache degraded, hit ratio down to {lowPct}%",
                "replica {replicaHost} replication lag {sec}s behind primary",
            ],
            error:
            [
                "connection refused to {ip}:{port} after {attempts} attempts",
                "database {dbHost} unreachable, {count} writes dropped",
                "lost connection to {endpoint}, {count} statements not applied",
                "health check failed: {host} did not respond within {timeoutS}s",
                "{cacheName} cache unavailable: connection to {endpoint} refused",
            ]),

        [ServiceDomains.Upstream] = Group(
            debug: ["calling downstream {request} ({reqId}), deadline {ms}ms"],
            info: ["downstream call succeeded: {requestOk} in {ms}ms ({reqId})"],
            warn: ["downstream {request} slow, retrying (attempt {attemptOf}) after {slowMs}ms"],
            error:
            [
                "downstream {request} timed out after {timeoutS}s, answering 504 Gateway Timeout ({reqId})",
                "downstream {request} failed with {status5xx}, answering 502 Bad Gateway ({reqId})",
                "dependency call {request} failed after {ms}ms with {status5xx}, answering 503 Service Unavailable ({reqId})",
            ]),

        ["gateway"] = Group(
            debug:
            [
                "routing {request} to {handler}",
                "http client {method} https://{domain}{route} with {headerCount} headers ({reqId})",
                "parsed {headerCount} headers for {request} ({reqId})",
                "route {route} matched for {clientApp}, upstream cluster {gatewayCluster}",
            ],
            info:
            [
                "{requestCompleted} in {ms}ms ({reqId})",
                "edge {region}: {requestOk} served in {ms}ms ({reqId})",
                "access log: {clientApp} {requestOk} ({reqId})",
                "served {getRoute} from cache in {fastMs}ms ({cacheName} hit ratio {hitPct}%)",
            ],
            warn:
            [
                "{request} took {slowMs}ms, above the {sloMs}ms SLO ({reqId})",
                "rate limit approaching for {apiKey}: {pct}% of minute quota used",
                "deprecated endpoint {request} called by {clientApp}",
                "{request} responded {status4xx} for {userId}",
            ],
            error:
            [
                "{request} failed with {status5xx} after {ms}ms ({reqId})",
                "unhandled {exception} in {handler} ({reqId})",
                "every upstream in cluster {gatewayCluster} unreachable for {request} ({reqId})",
            ]),

        ["auth"] = Group(
            debug:
            [
                "jwt validated: sub={userId} scope={scope} ttl={sec}s",
                "signing key {keyId} loaded for issuer https://{domain}",
                "session {sessionId} refreshed for {userId}, valid for {ttl}s",
            ],
            info:
            [
                "user {userId} signed in from {region} via {authMethod}",
                "access token issued to {clientApp} for {userId} with scope {scope}",
                "password reset completed for {userId} from {city}",
                "user {userId} signed out, session {sessionId} closed",
            ],
            warn:
            [
                "{authAttempts} rejected sign-in attempts for {userId} from {ip} within a minute, above the threshold",
                "token for {clientApp} presented {sec}s after its expiry, answered 401 Unauthorized",
                "mfa challenge for {userId} unanswered after {sec}s, retrying via {authMethod}",
            ],
            error:
            [
                "token signature verification failed for {clientApp}: key {keyId} unknown",
                "identity store {dbHost} unreachable, sign-in for {userId} failed",
                "refresh token reuse detected for {userId}, session {sessionId} revoked and sign-in denied",
            ]),

        ["orders"] = Group(
            debug:
            [
                "order {orderId} state {orderStateFrom} -> {orderStateTo}",
                "outbox relay picked {count} pending messages ({batchId})",
                "cart {cartId} priced with {items} items before checkout",
            ],
            info:
            [
                "order {orderId} placed with {items} items, total {amount} {currency}",
                "order {orderId} confirmed, fulfilment request sent to {city}",
                "order {orderId} cancelled by {userId}, refund requested",
                "invoice {invoiceId} generated for {orderId} ({kb}KB PDF)",
            ],
            warn:
            [
                "order {orderId} awaiting payment for {minutes} minutes, longer than usual",
                "order {orderId} update answered 409 Conflict, retrying (attempt {attemptOf})",
                "checkout of {cartId} slow: pricing took {slowMs}ms",
            ],
            error:
            [
                "order {orderId} saga aborted at step {sagaStep}, compensation started",
                "order {orderId} could not be created: step {sagaStep} failed ({reqId})",
                "deadlock detected on {orderTable}, order {orderId} rolled back",
            ]),

        ["payments"] = Group(
            debug:
            [
                "payment intent {paymentIntent} created via {psp}",
                "3-D Secure challenge for {paymentIntent} redirected to the {cardBrand} ACS",
                "tokenized {cardBrand} card ending {last4} for {userId}",
            ],
            info:
            [
                "payment {txnId} captured: {amount} {currency} via {psp}",
                "refund for {orderId} approved: {amount} {currency}",
                "payment {txnId} authorised successfully: {amount} {currency} on {cardBrand}",
                "payout batch {batchId} settled with {psp}, {count} transactions",
            ],
            warn:
            [
                "payment {txnId} flagged for manual review, risk score {riskScore}",
                "payment {txnId} declined by {psp} ({declineReason}), retrying with 3-D Secure",
                "{psp} slow: authorisation of {txnId} took {slowMs}ms",
            ],
            error:
            [
                "payment {txnId} capture failed at {psp}: {pspError}",
                "payment {txnId} declined: {hardDecline}, payment for {orderId} failed",
                "{cardBrand} card ending {last4} declined for {amount} {currency}: charge failed at {psp}",
                "refund {txnId} failed at {psp}: {pspError}",
            ]),

        ["inventory"] = Group(
            debug:
            [
                "stock level of {sku} in {warehouse}: {count} on hand, {idle} reserved",
                "reservation {reservationId} holds {items} units of {sku}",
            ],
            info:
            [
                "stock reservation for {orderId} completed: {items} units of {sku} in {warehouse}",
                "restock of {sku} completed: {bigCount} units received at {warehouse}",
                "reservation {reservationId} released after {orderId} shipped",
            ],
            warn:
            [
                "stock of {sku} in {warehouse} at {items} units, below the reorder threshold",
                "reservation {reservationId} for {orderId} held {minutes} minutes, longer than usual",
                "warehouse sync for {warehouse} running {sec}s behind",
            ],
            error:
            [
                "cannot reserve {items} units of {sku} for {orderId}: out of stock in {warehouse}",
                "stock movement for {sku} rolled back after {exception} ({reqId})",
                "warehouse {warehouse} sync failed with {exception}",
            ]),

        ["search"] = Group(
            debug:
            [
                "query '{searchTerm}' parsed into {params} clauses for index {searchIndex}",
                "shard {partition} of {searchIndex} answered in {fastMs}ms",
            ],
            info:
            [
                "search '{searchTerm}' served {count} results from {searchIndex} in {ms}ms",
                "indexed {bigCount} documents into {searchIndex} successfully in {sec}s",
                "reindex of {searchIndex} completed, alias moved to {searchIndex}-v{schemaVersion}",
            ],
            warn:
            [
                "search '{searchTerm}' took {slowMs}ms on {searchIndex}, above the {sloMs}ms SLO",
                "index {searchIndex} refresh lag {sec}s behind writes",
                "search '{searchTerm}' reached the {count}-result window, falling back to scroll",
            ],
            error:
            [
                "search on {searchIndex} failed: shard {partition} unavailable ({reqId})",
                "bulk indexing into {searchIndex} failed for {count} documents: mapper_parsing_exception",
                "query '{searchTerm}' timed out after {timeoutS}s on {searchIndex}",
            ]),

        ["notifications"] = Group(
            debug:
            [
                "rendered template {emailTemplate} for {userId} in {fastMs}ms",
                "push token of {userId} refreshed on {pushPlatform}",
                "sms for {userId} queued with {smsProvider}",
            ],
            info:
            [
                "email {emailTemplate} sent to {userId} via {mailProvider} in {ms}ms",
                "push notification {emailTemplate} delivered to {userId} on {pushPlatform}",
                "sms for {orderId} sent to {userId} via {smsProvider}",
            ],
            warn:
            [
                "{mailProvider} throttled email {emailTemplate} for {userId}, retry in {sec}s",
                "push queue {queue} backlog at {bigCount} messages, senders falling behind",
                "email to {userId} soft-bounced at {mailProvider}, retrying in {sec}s",
            ],
            error:
            [
                "email {emailTemplate} to {userId} failed at {mailProvider}: 550 mailbox unavailable",
                "push to {userId} on {pushPlatform} failed: device token expired",
                "message {msgId} moved to dead-letter queue {queue} after {attempts} failed deliveries",
            ]),

        ["worker"] = Group(
            debug:
            [
                "lock {job} acquired by job-runner-{podSuffix} for {ttl}s",
                "job {job} picked batch {batchId} with {count} items",
                "scheduler: next run of {job} in {minutes} minutes",
            ],
            info:
            [
                "{job} finished in {sec}s, {bigCount} records processed",
                "job {job} started on job-runner-{podSuffix}",
                "cache warmed: {bigCount} {cacheName} entries loaded in {sec}s",
            ],
            warn:
            [
                "{job} running {minutes} minutes longer than usual",
                "job {job} batch {batchId} retrying (attempt {attemptOf}) after a write conflict",
                "queue {queue} backlog at {bigCount} messages, consumers falling behind",
            ],
            error:
            [
                "{job} crashed after {sec}s with {exception}",
                "job {job} batch {batchId} aborted: {count} records failed validation",
                "job-runner-{podSuffix} lost its lock on {job}, run abandoned",
            ]),

        [ServiceDomains.Generic] = Group(
            debug:
            [
                "handling {request} in {handler} ({reqId})",
                "span {spanId} started: {operation}",
                "feature flag {flag} evaluated to {bool} for {userId}",
            ],
            info:
            [
                "request {reqId}: {requestOk} in {ms}ms",
                "published {count} events to {topic} in {ms}ms",
                "{table}: inserted {count} rows in {ms}ms",
            ],
            warn:
            [
                "slow query on {table}: {slowMs}ms, {rows} rows scanned",
                "request {reqId}: {request} -> {status4xx} in {ms}ms",
                "circuit breaker half-open for {service}, probing with {trialCalls} trial calls",
            ],
            error:
            [
                "request {reqId}: {request} -> {status5xx} in {ms}ms",
                "unhandled {exception} while processing {event} ({reqId})",
                "kafka producer failed to publish to {topic} partition {partition}: {kafkaError}",
            ]),
    };

    /// <summary>All templates of every group, for the uniqueness and level checks.</summary>
    public static IEnumerable<MessageTemplate> All => ByGroup.Values.SelectMany(t => t);

    private static MessageTemplate[] Group(string[] debug, string[] info, string[] warn, string[] error) =>
    [
        .. debug.Select(p => new MessageTemplate(LogLevel.Debug, p)),
        .. info.Select(p => new MessageTemplate(LogLevel.Info, p)),
        .. warn.Select(p => new MessageTemplate(LogLevel.Warn, p)),
        .. error.Select(p => new MessageTemplate(LogLevel.Error, p)),
    ];
}
