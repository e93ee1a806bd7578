package dev.ballot.server.admin;

import dev.ballot.core.LogText;
import dev.ballot.core.trace.RingBufferTraceSink;
import dev.ballot.leadership.PeerStatus;
import dev.ballot.server.trace.TraceJson;
import dev.ballot.server.watch.LeaderTracker;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The admin HTTP server ({@code admin.serverAddress}:{@code admin.serverPort}) on Netty's HTTP codec:
 *
 * <ul>
 *   <li>{@code GET /status}: {@link PeerStatus} as JSON;</li>
 *   <li>{@code GET /metrics}: Prometheus text format 0.0.4;</li>
 *   <li>{@code GET /health}: 200 when leading or following an established leader, else 503 (JSON body);</li>
 *   <li>{@code GET /leader}: who leads, as this peer sees it ({@link dev.ballot.server.watch.LeaderView});</li>
 *   <li>{@code GET /watch}: the same as Server-Sent Events, one event per change ({@link WatchStream});</li>
 *   <li>{@code GET /config}: the effective configuration, passwords redacted ({@link ConfigView});</li>
 *   <li>{@code GET /trace[?last=N]}: the last N (default {@value #DEFAULT_TRACE_LINES}) election trace
 *       events as JSON lines ({@link dev.ballot.server.trace.TraceJson}), oldest first; 404 when tracing
 *       is off;</li>
 * </ul>
 * anything else is 404, other methods 405. Runs on the given event loop group; thread-safe.
 *
 * <p>Hostile or careless clients are bounded by {@link AdminLimits}: a connection past
 * {@code maxConnections} gets 503 and is closed; a request must arrive whole within
 * {@code requestTimeout} of its first byte (slowloris); an idle keep-alive connection closes after
 * {@code idleTimeout}; request line, headers and body are each bounded by {@code maxRequestBytes}
 * (414, 431, 413); bytes that are not HTTP get 400. Each is one DEBUG line (the connection limit: a
 * WARN at most every 30 s, with a count), text from the client escaped, and a counter in {@code /metrics}.
 */
public final class AdminServer {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    private static final io.netty.util.AttributeKey<Boolean> STREAMING = io.netty.util.AttributeKey.valueOf("ballot.admin.watch");

    /** How many trace events {@code /trace} returns without {@code ?last=N}. */
    public static final int DEFAULT_TRACE_LINES = 1000;

    private final AdminSource source;
    private final Optional<RingBufferTraceSink> trace;
    private final AdminLimits limits;
    private final AdminCounters counters = new AdminCounters();
    private final ConnectionLimit connectionLimit;
    private final Optional<LeaderTracker> leader;
    private final String config; // null: no /config
    private final io.netty.channel.group.ChannelGroup connections =
            new io.netty.channel.group.DefaultChannelGroup("admin", io.netty.util.concurrent.GlobalEventExecutor.INSTANCE);
    private Channel server;

    public AdminServer(AdminSource source) {
        this(source, Optional.empty());
    }

    /** With {@code trace} present, {@code /trace} serves its newest events. */
    public AdminServer(AdminSource source, Optional<RingBufferTraceSink> trace) {
        this(source, trace, AdminLimits.DEFAULTS);
    }

    /** As {@link #AdminServer(AdminSource, Optional)}, with {@code limits} on what one client may hold. */
    public AdminServer(AdminSource source, Optional<RingBufferTraceSink> trace, AdminLimits limits) {
        this(source, trace, limits, Optional.empty(), Map.of());
    }

    /**
     * The whole server: with {@code leader} present, {@code /leader} and {@code /watch} serve it; a
     * non-empty {@code config} ({@link ConfigView}) is served at {@code /config}.
     */
    public AdminServer(AdminSource source, Optional<RingBufferTraceSink> trace, AdminLimits limits,
                       Optional<LeaderTracker> leader, Map<String, Object> config) {
        this.source = source;
        this.trace = trace;
        this.limits = limits;
        this.leader = leader;
        this.config = config.isEmpty() ? null : json(config);
        this.connectionLimit = new ConnectionLimit(limits.maxConnections(), counters, System::nanoTime);
    }

    /** The admin server's own metrics (connections, refusals, timeouts), Prometheus text. */
    public String metricsText() {
        return counters.render();
    }

    /** The limits in force. */
    public AdminLimits limits() {
        return limits;
    }

    /** Binds {@code address} (resolved) on {@code group}. */
    public ChannelFuture bind(EventLoopGroup group, InetSocketAddress address) {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initPipeline(ch);
                    }
                });
        ChannelFuture f = b.bind(address);
        server = f.channel();
        return f;
    }

    /**
     * Sets up one accepted connection's pipeline: the connection limit, its deadlines around the HTTP
     * codec, the size bounds, then the request handler. Public for tests over an {@code EmbeddedChannel}.
     */
    public void initPipeline(Channel ch) {
        ConnectionTimeouts timeouts = new ConnectionTimeouts(limits, counters);
        int max = limits.maxRequestBytes();
        connections.add(ch); // removed by the group when it closes
        ch.pipeline().addLast("limit", connectionLimit);
        ch.pipeline().addLast("deadline-bytes", timeouts.bytes());
        ch.pipeline().addLast("http", new HttpServerCodec(max, max, 8192));
        ch.pipeline().addLast("deadline-messages", timeouts.messages());
        ch.pipeline().addLast("aggregator", new HttpObjectAggregator(max));
        ch.pipeline().addLast("admin", new AdminHandler());
    }

    /** The bound address, once {@link #bind} completed. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    /** Stops listening and closes every open connection, {@code /watch} streams included. */
    public ChannelFuture close() {
        ChannelFuture f = server.close();
        connections.close();
        return f;
    }

    /**
     * Whether a status counts as healthy: leading or following/observing an established leader, and able to
     * persist its epochs ({@link PeerStatus#canServe()}).
     */
    public static boolean healthy(PeerStatus s) {
        return s.canServe() && s.established() && !"LOOKING".equals(s.state());
    }

    /** The body of {@code /health}: healthy, state, established, and why not, when the peer cannot serve. */
    static Map<String, Object> healthBody(PeerStatus s) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("healthy", healthy(s));
        m.put("state", s.state());
        m.put("established", s.established());
        if (!s.canServe()) {
            m.put("health", s.health());
            m.put("reason", s.unhealthyReason());
        }
        return m;
    }

    private final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (ctx.channel().hasAttr(STREAMING)) {
                return; // a /watch stream answers nothing else; what the client sends on it is dropped
            }
            if (req.decoderResult().isFailure()) {
                refuseUnparsable(ctx, req.decoderResult().cause());
                return;
            }
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            String path = new QueryStringDecoder(req.uri()).path();
            if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
                send(ctx, false, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "only GET\n");
                return;
            }
            switch (path) {
                case "/status" -> source.status().whenComplete((s, err) -> reply(ctx, keepAlive, err,
                        () -> send(ctx, keepAlive, HttpResponseStatus.OK, "application/json", json(s))));
                case "/health" -> source.status().whenComplete((s, err) -> reply(ctx, keepAlive, err,
                        () -> send(ctx, keepAlive, healthy(s) ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                                "application/json", json(healthBody(s)))));
                case "/metrics" -> source.metrics().whenComplete((m, err) -> reply(ctx, keepAlive, err,
                        () -> send(ctx, keepAlive, HttpResponseStatus.OK, PROMETHEUS, m + counters.render())));
                case "/trace" -> sendTrace(ctx, keepAlive, new QueryStringDecoder(req.uri()));
                case "/leader" -> {
                    if (leader.isEmpty()) {
                        send(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "text/plain", "no leader view on this server\n");
                    } else {
                        send(ctx, keepAlive, HttpResponseStatus.OK, "application/json",
                                JsonText.pretty(leader.get().current(), false) + "\n"); // nulls shown
                    }
                }
                case "/watch" -> watch(ctx, req, keepAlive);
                case "/config" -> send(ctx, keepAlive, config == null ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.OK,
                        config == null ? "text/plain" : "application/json", config == null ? "no configuration\n" : config);
                default -> send(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "text/plain",
                        "not found; try /status, /health, /leader, /watch, /config, /metrics or /trace\n");
            }
        }

        private void watch(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive) {
            if (leader.isEmpty()) {
                send(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "text/plain", "no leader view on this server\n");
                return;
            }
            if (!req.method().equals(HttpMethod.GET)) {
                send(ctx, false, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "/watch: only GET\n");
                return;
            }
            if (counters.watchers.get() >= limits.maxWatchers()) {
                counters.watchersRefused.incrementAndGet();
                LOG.debug("admin: refusing /watch from {}: {} streams open", LogText.escape(String.valueOf(ctx.channel().remoteAddress())),
                        limits.maxWatchers());
                send(ctx, false, HttpResponseStatus.SERVICE_UNAVAILABLE, "text/plain",
                        "too many /watch streams open (" + limits.maxWatchers() + "); try later\n");
                return;
            }
            ctx.channel().attr(STREAMING).set(Boolean.TRUE);
            WatchStream.start(ctx.channel(), leader.get(), counters, limits.heartbeat());
        }

        private void sendTrace(ChannelHandlerContext ctx, boolean keepAlive, QueryStringDecoder query) {
            if (trace.isEmpty()) {
                send(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "text/plain", "tracing is off on this peer\n");
                return;
            }
            int last = DEFAULT_TRACE_LINES;
            String param = query.parameters().getOrDefault("last", java.util.List.of()).stream().findFirst().orElse(null);
            if (param != null) {
                try {
                    last = Integer.parseInt(param);
                } catch (NumberFormatException e) {
                    last = -1;
                }
                if (last < 0) {
                    send(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, "text/plain",
                            "last must be a number >= 0, got '" + param + "'\n");
                    return;
                }
            }
            send(ctx, keepAlive, HttpResponseStatus.OK, "application/x-ndjson; charset=utf-8",
                    TraceJson.toLines(trace.get().last(last)));
        }

        private void reply(ChannelHandlerContext ctx, boolean keepAlive, Throwable err, Runnable ok) {
            if (err != null) {
                LOG.debug("admin: request failed: {}", err.toString());
                send(ctx, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, "text/plain", "unavailable: " + err + "\n");
            } else {
                ok.run();
            }
        }

        /** A request the codec could not parse, or too large: one DEBUG line, a 4xx, closed. */
        private void refuseUnparsable(ChannelHandlerContext ctx, Throwable cause) {
            counters.badRequests.incrementAndGet();
            HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                    : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    : HttpResponseStatus.BAD_REQUEST;
            LOG.debug("admin: closing connection from {}: unparsable request: {}",
                    LogText.escape(String.valueOf(ctx.channel().remoteAddress())), LogText.escape(String.valueOf(cause)));
            send(ctx, false, status, "text/plain", status.reasonPhrase().toLowerCase(java.util.Locale.ROOT) + "\n");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof java.io.IOException) {
                LOG.debug("admin: closing connection from {}: {}", LogText.escape(String.valueOf(ctx.channel().remoteAddress())),
                        LogText.escape(String.valueOf(cause)));
            } else {
                LOG.warn("admin: closing connection from {}: {}", LogText.escape(String.valueOf(ctx.channel().remoteAddress())),
                        LogText.escape(String.valueOf(cause)));
            }
            ctx.close();
        }
    }

    /** The body of /status, /health and /config: indented, nulls left out, one line feed at the end. */
    private static String json(Object o) {
        return JsonText.pretty(o, true) + "\n";
    }

    private static void send(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String type,
                             String body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        HttpUtil.setContentLength(r, r.content().readableBytes());
        if (keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(r);
        } else {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE); // or a keep-alive client reuses it
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
