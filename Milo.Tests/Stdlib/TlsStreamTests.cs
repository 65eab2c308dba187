using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Milo.Compiler;

namespace Milo.Tests.Stdlib;

/// <summary>
/// std/net TlsStream runs a real TLS handshake (SslStream): against a loopback server presenting a self-signed
/// certificate, the handshake reaches certificate validation and fails with TlsError (no external network here, so
/// the trusted path is not exercised) — from main and from a green thread.
/// </summary>
public class TlsStreamTests
{
    private const string ClientSource = """
        from "std/net" import { TlsStream, NetError, ip4 }
        from "std/args" import { args }
        from "std/strconv" import { parseInt }
        from "std/runtime" import { Promise }

        fn attempt(label: string, port: i64): void {
            match TlsStream.connect(ip4(127, 0, 0, 1), port as u16, "localhost") {
                Result.Ok(t) => { print(label + ": connected") }
                Result.Err(e) => {
                    match e {
                        NetError.TlsError(m) => {
                            print(label + ": TlsError")
                            eprint(m)
                            if strContains(strToLower(m), "certificate") { print(label + ": certificate rejected") }
                        }
                        _ => { print(label + ": other error") }
                    }
                }
            }
        }

        fn main(): i32 {
            let port = parseInt(args()[1])!
            attempt("main", port)
            let p = Promise<i64>.run(move (): i64 => {
                attempt("green", port)
                return 0
            })
            p.await()!
            return 0
        }
        """;

    [Fact]
    public void HandshakeReachesCertificateValidationAndFailsWithTlsError()
    {
        using var key = RSA.Create(2048);
        var req = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var serverCert = X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        int handshakes = 0;
        var server = Task.Run(async () =>
        {
            for (int i = 0; i < 2; i++)
            {
                using var client = await listener.AcceptTcpClientAsync();
                using var ssl = new SslStream(client.GetStream());
                // With TLS 1.3 the server's side may complete before the client rejects the certificate; either way a
                // ClientHello arrived and the server answered it.
                try { await ssl.AuthenticateAsServerAsync(serverCert).WaitAsync(TimeSpan.FromSeconds(30)); }
                catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException) { }
                Interlocked.Increment(ref handshakes);
            }
        });

        var dir = Path.Combine(Path.GetTempPath(), "milo-tls-tests", Guid.NewGuid().ToString("N"));
        var dll = Path.Combine(dir, "tls_client.dll");
        var c = Compilation.FromText("tls_client.milo", ClientSource);
        Assert.True(c.Emit(dll), string.Join("\n", c.Diagnostics.Select(d => d.Format())));
        var psi = new ProcessStartInfo(Programs.ProgramHarness.DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add(port.ToString());
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        try
        {
            Assert.True(p.WaitForExit(60_000), "client did not finish");
            Assert.True(server.Wait(30_000), "server did not see both handshakes");
        }
        finally
        {
            if (!p.HasExited) p.Kill(true);
            listener.Stop();
        }
        Assert.Equal(0, p.ExitCode);
        Assert.Equal("main: TlsError\nmain: certificate rejected\ngreen: TlsError\ngreen: certificate rejected\n", stdout.Result);
        Assert.Equal(2, handshakes);   // both clients spoke TLS to the server
    }
}
