using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace RetailCommerce.Persistence;

/// <summary>
/// A PostgreSQL cluster owned by this process, for running on one machine with no database configured:
/// created with the machine's <c>initdb</c> under the data folder, started on a free loopback port with a
/// password kept in the data folder, stopped on shutdown. As root, PostgreSQL runs as the <c>postgres</c> user.
/// </summary>
public sealed class PrivatePostgresCluster : IDisposable
{
    private const string DatabaseName = "retail";
    private readonly string _bin;
    private readonly string _clusterDir;
    private readonly ILogger _logger;
    private readonly bool _asPostgresUser;
    private bool _stopped;

    private PrivatePostgresCluster(string bin, string clusterDir, int port, string password, ILogger logger, bool asPostgresUser)
    {
        _bin = bin;
        _clusterDir = clusterDir;
        _logger = logger;
        _asPostgresUser = asPostgresUser;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = "postgres", Password = password, Database = DatabaseName,
            MaxPoolSize = 50, Timeout = 30, CommandTimeout = 120,
        }.ConnectionString;
    }

    /// <summary>Connection string of the <c>retail</c> database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates the cluster if needed and starts it. Blocks until it accepts connections.</summary>
    public static PrivatePostgresCluster Start(string dataDir, ILogger logger)
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "No PostgreSQL found (initdb/pg_ctl on PATH or under /usr/lib/postgresql/*/bin). Install it (apt-get install -y postgresql) or set ConnectionStrings:Retail.");
        Directory.CreateDirectory(dataDir);
        var clusterDir = Path.Combine(Path.GetFullPath(dataDir), "postgres");
        var passwordFile = Path.Combine(Path.GetFullPath(dataDir), "postgres.password");
        var asPostgres = Environment.UserName == "root";

        if (!File.Exists(Path.Combine(clusterDir, "PG_VERSION")))
        {
            var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            Init(bin, clusterDir, password, asPostgres, logger);
            File.WriteAllText(passwordFile, password);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var port = FreePort();
        var cluster = new PrivatePostgresCluster(bin, clusterDir, port, File.ReadAllText(passwordFile).Trim(), logger, asPostgres);
        cluster.StopLeftover();
        cluster.Run("pg_ctl", "-D", clusterDir, "-l", Path.Combine(clusterDir, "server.log"), "-w", "-t", "60",
            "-o", $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200 -c synchronous_commit=off -c shared_buffers=256MB",
            "start");
        cluster.EnsureDatabase();
        logger.LogInformation("Private PostgreSQL cluster started in {Dir} on 127.0.0.1:{Port}", clusterDir, port);
        return cluster;
    }

    /// <summary>Stops the cluster (fast shutdown: sessions are closed, committed data is kept).</summary>
    public void Stop()
    {
        if (_stopped) return;
        _stopped = true;
        NpgsqlConnection.ClearAllPools();
        try
        {
            Run("pg_ctl", "-D", _clusterDir, "-m", "fast", "-w", "stop");
            _logger.LogInformation("Private PostgreSQL cluster stopped");
        }
        catch (Exception e) { _logger.LogWarning(e, "Stopping the private PostgreSQL cluster failed"); }
    }

    public void Dispose() => Stop();

    // A server still running on this folder was left by an earlier process of ours (crashed, or not yet
    // finished stopping): stop it, so this one starts on its own port with its own lifetime.
    private void StopLeftover()
    {
        if (!File.Exists(Path.Combine(_clusterDir, "postmaster.pid"))) return;
        try
        {
            Run("pg_ctl", "-D", _clusterDir, "status");
        }
        catch (InvalidOperationException)
        {
            return; // not running: a stale pid file, which pg_ctl start handles
        }
        _logger.LogWarning("A PostgreSQL server from an earlier run is still using {Dir}; stopping it", _clusterDir);
        Run("pg_ctl", "-D", _clusterDir, "-m", "fast", "-w", "-t", "60", "stop");
    }

    private static void Init(string bin, string clusterDir, string password, bool asPostgres, ILogger logger)
    {
        logger.LogInformation("Creating a private PostgreSQL cluster in {Dir}", clusterDir);
        Directory.CreateDirectory(clusterDir);
        var pwFile = Path.Combine(Path.GetTempPath(), "retail-pg-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(pwFile, password);
        try
        {
            if (asPostgres)
            {
                MakeReachableForPostgresUser(clusterDir);
                Exec("chown", "-R", "postgres:postgres", clusterDir);
                Exec("chown", "postgres", pwFile);
            }
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(pwFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            ExecAs(asPostgres, Path.Combine(bin, "initdb"), "-D", clusterDir, "-U", "postgres", "--pwfile", pwFile,
                "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8");
        }
        finally { File.Delete(pwFile); }
    }

    // The postgres user must be able to walk down to the cluster folder; grant traverse (x) only, never read.
    private static void MakeReachableForPostgresUser(string clusterDir)
    {
        for (var dir = Path.GetDirectoryName(clusterDir); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            var mode = File.GetUnixFileMode(dir);
            if (!mode.HasFlag(UnixFileMode.OtherExecute)) File.SetUnixFileMode(dir, mode | UnixFileMode.OtherExecute);
        }
    }

    private void EnsureDatabase()
    {
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        using var connection = new NpgsqlConnection(admin);
        connection.Open();
        using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @n", connection);
        exists.Parameters.AddWithValue("n", DatabaseName);
        if (exists.ExecuteScalar() is null)
        {
            using var create = new NpgsqlCommand($"create database {DatabaseName}", connection);
            create.ExecuteNonQuery();
        }
    }

    private void Run(string tool, params string[] args) => ExecAs(_asPostgresUser, Path.Combine(_bin, tool), args);

    private static void ExecAs(bool asPostgres, string file, params string[] args)
    {
        if (asPostgres) Exec("runuser", ["-u", "postgres", "--", file, .. args]);
        else Exec(file, args);
    }

    private static void Exec(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        // pg_ctl start leaves the server running with inherited handles; read to end would block, so read async.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000)) throw new TimeoutException($"{file} did not finish in 120 s");
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} failed ({process.ExitCode}): {Completed(stderr)} {Completed(stdout)} {ServerLogTail(args)}");
    }

    private static string ServerLogTail(string[] args)
    {
        var log = args.SkipWhile(a => a != "-l").Skip(1).FirstOrDefault();
        if (log is null || !File.Exists(log)) return "";
        try { return "server log: " + string.Join(" | ", File.ReadLines(log).TakeLast(5)); }
        catch (IOException) { return ""; }
    }

    private static string Completed(Task<string> output) => output.IsCompleted ? output.Result.Trim() : "";

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string? FindBinaries()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
                return Path.GetDirectoryName(Path.GetFullPath(ResolveLink(Path.Combine(dir, "pg_ctl"))))!;
        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot)) return null;
        return Directory.GetDirectories(debianRoot)
            .Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")))
            .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static string ResolveLink(string path) => new FileInfo(path).ResolveLinkTarget(true)?.FullName ?? path;
}
