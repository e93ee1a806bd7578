package dev.ballot.transport.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The socket channel classes for an event loop group: native epoll when the group runs epoll, NIO
 * otherwise; and the group a transport creates for itself when none is given. Public so that other
 * pipelines on the same group (the quorum port) pick the same channel classes.
 *
 * @param socket the client channel class
 * @param server the server channel class
 */
public record IoTransport(Class<? extends SocketChannel> socket, Class<? extends ServerChannel> server) {
    public static final IoTransport EPOLL = new IoTransport(EpollSocketChannel.class, EpollServerSocketChannel.class);
    public static final IoTransport NIO = new IoTransport(NioSocketChannel.class, NioServerSocketChannel.class);

    /** The channel classes matching {@code group}'s I/O type. */
    public static IoTransport of(EventLoopGroup group) {
        // the group's type first: Epoll.isAvailable() extracts and loads the native library, which a NIO group never needs
        if (group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class) && Epoll.isAvailable()) {
            return EPOLL;
        }
        return NIO;
    }

    /** A new group of {@code threads} threads named after {@code sid}, epoll if available and preferred. */
    public static EventLoopGroup newGroup(int threads, boolean preferNative, long sid) {
        DefaultThreadFactory factory = new DefaultThreadFactory("ballot-transport-" + sid, true);
        boolean epoll = preferNative && Epoll.isAvailable();
        return new MultiThreadIoEventLoopGroup(threads, factory,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }
}
