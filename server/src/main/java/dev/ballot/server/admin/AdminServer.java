package dev.ballot.server.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ballot.core.trace.RingBufferTraceSink;
import dev.ballot.core.trace.TraceJson;
import dev.ballot.leadership.PeerStatus;
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
 *   <li>{@code GET /trace[?last=N]}: the last N (default {@value #DEFAULT_TRACE_LINES}) election trace
 *       events as JSON lines ({@link dev.ballot.core.trace.TraceJson}), oldest first; 404 when tracing
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
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    /** How many trace events {@code /trace} returns without {@code ?last=N}. */
    public static final int DEFAULT_TRACE_LINES = 1000;

    private final AdminSource source;
    private final Optional<RingBufferTraceSink> trace;
    private final AdminLimits limits;
    private final AdminCounters counters = new AdminCounters();
    private final ConnectionLimit connectionLimit;
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
        this.source = source;
        this.trace = trace;
        this.limits = limits;
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

    public ChannelFuture close() {
        return server.close();
    }

    /** Whether a status counts as healthy: leading or following/observing an established leader. */
    public static boolean healthy(PeerStatus s) {
        return s.established() && !"LOOKING".equals(s.state());
    }

    private final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
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
                                "application/json", json(Map.of("healthy", healthy(s), "state", s.state(),
                                        "established", s.established())))));
                case "/metrics" -> source.metrics().whenComplete((m, err) -> reply(ctx, keepAlive, err,
                        () -> send(ctx, keepAlive, HttpResponseStatus.OK, PROMETHEUS, m + counters.render())));
                case "/trace" -> sendTrace(ctx, keepAlive, new QueryStringDecoder(req.uri()));
                default -> send(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "text/plain",
                        "not found; try /status, /metrics, /health or /trace\n");
            }
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
                    LogText.escape(ctx.channel().remoteAddress()), LogText.escape(cause));
            send(ctx, false, status, "text/plain", status.reasonPhrase().toLowerCase(java.util.Locale.ROOT) + "\n");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof java.io.IOException) {
                LOG.debug("admin: closing connection from {}: {}", LogText.escape(ctx.channel().remoteAddress()),
                        LogText.escape(cause));
            } else {
                LOG.warn("admin: closing connection from {}: {}", LogText.escape(ctx.channel().remoteAddress()),
                        LogText.escape(cause));
            }
            ctx.close();
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + o, e);
        }
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
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
