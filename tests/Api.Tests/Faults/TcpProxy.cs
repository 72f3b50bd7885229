using System.Net;
using System.Net.Sockets;

namespace Commerce.Api.Tests.Faults;

/// <summary>
/// A TCP forwarder in front of PostgreSQL that a test can break: <see cref="Refuse"/> closes every connection and
/// refuses new ones (server down), <see cref="BlackHole"/> keeps connections open but moves no byte (server hung),
/// <see cref="Restore"/> forwards again.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<(Socket Client, Socket Server)> _pairs = [];
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;
    private TaskCompletionSource _flowing = Flowing();

    public TcpProxy(string host, int port)
    {
        _target = new IPEndPoint(IPAddress.Parse(host), port);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Listen();
    }

    public int Port { get; }

    public void Refuse()
    {
        lock (_pairs)
        {
            _listener?.Stop();
            _listener = null;
            foreach (var (client, server) in _pairs)
            {
                client.Close();
                server.Close();
            }
            _pairs.Clear();
        }
    }

    public void BlackHole() => Interlocked.Exchange(ref _flowing, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Restore()
    {
        _flowing.TrySetResult();
        Interlocked.Exchange(ref _flowing, Flowing());
        lock (_pairs)
            if (_listener is null) Listen();
    }

    private static TaskCompletionSource Flowing()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private void Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _ = AcceptAsync(listener);
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException) { return; }

            var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try { await server.ConnectAsync(_target, _stop.Token); }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                client.Close();
                continue;
            }
            lock (_pairs) _pairs.Add((client, server));
            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, _stop.Token);
                if (read == 0) break;
                await _flowing.Task.WaitAsync(_stop.Token);
                await to.SendAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException) { }
        from.Close();
        to.Close();
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        Refuse();
        _flowing.TrySetResult();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
