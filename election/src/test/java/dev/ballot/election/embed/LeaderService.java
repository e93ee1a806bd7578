package dev.ballot.election.embed;

import dev.ballot.election.Election;
import dev.ballot.election.ElectionConfig;
import dev.ballot.election.ElectionResult;
import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.transport.netty.NettyQuorumTransport;
import dev.ballot.transport.netty.TransportConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The README's embedding example: a small Netty HTTP service that shares its one {@link EventLoopGroup}
 * with Ballot's transport and election, and answers {@code GET /leader}. No thread is started for
 * the election: the transport runs on the group, the election on {@code group.next()}.
 */
public final class LeaderService implements AutoCloseable {
    private final Election election;
    private final Channel http;

    private LeaderService(Election election, Channel http) {
        this.election = election;
        this.http = http;
    }

    /** Starts the election (sid {@code myId} of {@code quorum}) and the HTTP endpoint on {@code httpAddress}. */
    public static CompletableFuture<LeaderService> start(EventLoopGroup group, long myId, QuorumVerifier quorum,
                                                         TransportConfig transportConfig,
                                                         InetSocketAddress httpAddress) {
        NettyQuorumTransport transport = NettyQuorumTransport.builder()
                .config(transportConfig).eventLoopGroup(group).build();          // the service's group
        Election election = Election.builder()
                .config(ElectionConfig.builder().myId(myId).quorum(quorum).build())
                .transport(transport)
                .executor(group.next())                                          // no extra thread
                .build();
        CompletableFuture<Channel> http = new CompletableFuture<>();
        new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new LeaderHandler(election));
                    }
                })
                .bind(httpAddress)
                .addListener(f -> {
                    if (f.isSuccess()) {
                        http.complete(((io.netty.channel.ChannelFuture) f).channel());
                    } else {
                        http.completeExceptionally(f.cause());
                    }
                });
        return election.start()
                .thenCompose(v -> http)
                .thenApply(channel -> {
                    election.lookForLeader();                                    // decides in the background
                    return new LeaderService(election, channel);
                });
    }

    /** The HTTP port. */
    public int httpPort() {
        return ((InetSocketAddress) http.localAddress()).getPort();
    }

    /** The election, for tests. */
    public Election election() {
        return election;
    }

    @Override
    public void close() {
        http.close().syncUninterruptibly();
        election.close();
    }

    /** {@code GET /leader}: {@code {"sid":1,"state":"FOLLOWING","leader":3}}, or 503 while LOOKING. */
    private static final class LeaderHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Election election;

        LeaderHandler(Election election) {
            this.election = election;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            FullHttpResponse resp;
            if (!"/leader".equals(req.uri())) {
                resp = response(HttpResponseStatus.NOT_FOUND, "{}");
            } else {
                resp = election.stats().lastResult()
                        .filter(r -> election.state() != dev.ballot.core.PeerState.LOOKING)
                        .map(r -> response(HttpResponseStatus.OK, json(election, r)))
                        .orElseGet(() -> response(HttpResponseStatus.SERVICE_UNAVAILABLE, "{\"state\":\"LOOKING\"}"));
            }
            HttpUtil.setKeepAlive(resp, false);
            ctx.writeAndFlush(resp).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }

        private static String json(Election e, ElectionResult r) {
            return "{\"sid\":" + e.localSid() + ",\"state\":\"" + e.state() + "\",\"leader\":" + r.leader() + "}";
        }

        private static FullHttpResponse response(HttpResponseStatus status, String body) {
            FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, resp.content().readableBytes());
            return resp;
        }
    }
}
