package dev.ballot.example;

import dev.ballot.leadership.LeaderContext;
import dev.ballot.leadership.LeaderInfo;
import dev.ballot.leadership.Leadership;
import dev.ballot.leadership.LeadershipListener;
import dev.ballot.leadership.Member;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
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
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP service that elects a leader among its instances with {@code ballot-leadership}, on one
 * two-thread event loop group shared by its HTTP server and the leadership (no other threads).
 *
 * <ul>
 *   <li>{@code GET /} answers {@code {"me":1,"leader":2,"fencingToken":5,"leading":false}} ({@code null}s while electing);</li>
 *   <li>{@code POST /resign} makes a leading instance give up leadership;</li>
 *   <li>while leading, the instance "works": every 50 ms it appends {@code tick <token> <epoch millis>} to
 *       {@code <data>/work.log}, between a {@code start} and a {@code stop} line — the work
 *       {@link Leadership#runWhileLeader} starts on acquisition and cancels on loss.</li>
 * </ul>
 *
 * Usage: {@code HttpLeaderService <myId> <httpPort> <dataDir> <sid>=<host>:<quorumPort>:<electionPort>...}
 */
public final class HttpLeaderService {
    private final Leadership leadership;
    private final Channel http;
    private final EventLoopGroup group;

    private HttpLeaderService(Leadership leadership, Channel http, EventLoopGroup group) {
        this.leadership = leadership;
        this.http = http;
        this.group = group;
    }

    public static void main(String[] args) throws Exception {
        long myId = Long.parseLong(args[0]);
        int httpPort = Integer.parseInt(args[1]);
        Path data = Path.of(args[2]);
        List<Member> members = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            members.add(parseMember(args[i]));
        }
        HttpLeaderService s = start(myId, httpPort, data, members);
        Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        System.out.println("serving http://127.0.0.1:" + httpPort + "/ as member " + myId);
    }

    /** {@code sid=host:quorumPort:electionPort}. */
    static Member parseMember(String spec) {
        String[] kv = spec.split("=", 2);
        String[] hp = kv[1].split(":");
        return Member.participant(Long.parseLong(kv[0]), hp[0], Integer.parseInt(hp[1]), Integer.parseInt(hp[2]));
    }

    /** Starts the leadership and the HTTP server on one shared group. Blocking (for main). */
    static HttpLeaderService start(long myId, int httpPort, Path data, List<Member> members) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Path workLog = data.resolve("work.log");
        Leadership leadership = Leadership.builder()
                .members(members).myId(myId).dataDir(data)
                .tickTime(Duration.ofMillis(200)).initLimit(10).syncLimit(5)   // a silent leader is given up after 1 s
                .eventLoopGroup(group)
                .listener(new LeadershipListener() {
                    @Override
                    public void onLeaderChanged(Optional<LeaderInfo> leader) {
                        System.out.println(myId + ": leader is now " + leader.map(LeaderInfo::toString).orElse("none"));
                    }
                })
                .build();
        leadership.runWhileLeader(ctx -> work(ctx, leadership, workLog));
        leadership.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
        Channel http = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new Handler(leadership));
                    }
                }).bind("127.0.0.1", httpPort).sync().channel();
        return new HttpLeaderService(leadership, http, group);
    }

    /** The leader's work: a tick every 50 ms under this term's token, until the term ends. */
    private static CompletableFuture<Void> work(LeaderContext ctx, Leadership leadership, Path log) {
        append(log, "start " + ctx.fencingToken() + " " + System.currentTimeMillis());
        CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledFuture<?> ticks = leadership.executor().scheduleAtFixedRate(() -> {
            if (ctx.isActive()) {
                append(log, "tick " + ctx.fencingToken() + " " + System.currentTimeMillis());
            }
        }, 50, 50, TimeUnit.MILLISECONDS);
        done.whenComplete((v, e) -> {                    // cancelled when leadership is lost
            ticks.cancel(false);
            append(log, "stop " + ctx.fencingToken() + " " + System.currentTimeMillis());
        });
        return done;
    }

    private static void append(Path log, String line) {
        try {
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void close() {
        http.close().syncUninterruptibly();
        leadership.closeAsync("shutting down").toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** {@code GET /} and {@code POST /resign}. */
    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Leadership leadership;

        Handler(Leadership leadership) {
            this.leadership = leadership;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (req.method() == HttpMethod.POST && req.uri().equals("/resign")) {
                leadership.resign().whenComplete((resigned, e) ->
                        reply(ctx, HttpResponseStatus.OK, "{\"resigned\":" + (e == null && resigned) + "}"));
            } else if (req.method() == HttpMethod.GET && req.uri().equals("/")) {
                Optional<LeaderInfo> l = leadership.currentLeader();
                reply(ctx, HttpResponseStatus.OK, "{\"me\":" + leadership.myId()
                        + ",\"leader\":" + l.map(i -> Long.toString(i.sid())).orElse("null")
                        + ",\"fencingToken\":" + l.map(i -> Long.toString(i.fencingToken())).orElse("null")
                        + ",\"leading\":" + leadership.isLeader() + "}");
            } else {
                reply(ctx, HttpResponseStatus.NOT_FOUND, "{\"error\":\"GET / or POST /resign\"}");
            }
        }

        private static void reply(ChannelHandlerContext ctx, HttpResponseStatus status, String json) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(json + "\n", StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
            // one request per connection: say so, or a keep-alive client reuses the closed connection and reads EOF
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
