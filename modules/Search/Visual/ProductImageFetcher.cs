using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace RetailCommerce.Modules.Search.Visual;

/// <summary>
/// Downloads images with a size cap. Product images (merchant URLs) may live anywhere; shoppers' URLs may not reach
/// loopback or private networks, checked on every connection (so a redirect or a DNS answer cannot get round it).
/// </summary>
public sealed class ProductImageFetcher(IHttpClientFactory clients, IOptions<SearchOptions> options)
{
    /// <summary>Named client for merchant product images.</summary>
    public const string ProductClient = "search-product-images";

    /// <summary>Named client for shoppers' image URLs (public addresses only).</summary>
    public const string ShopperClient = "search-shopper-images";

    /// <summary>Fetches a merchant's product image.</summary>
    public Task<byte[]> FetchProductImageAsync(string url, CancellationToken ct) => FetchAsync(clients.CreateClient(ProductClient), url, ct);

    /// <summary>Fetches a shopper's image URL.</summary>
    /// <exception cref="UnusableImageException">Not an absolute http(s) URL, a private address, unreachable, not OK, or too large.</exception>
    public Task<byte[]> FetchShopperImageAsync(string url, CancellationToken ct) => FetchAsync(clients.CreateClient(ShopperClient), url, ct);

    private async Task<byte[]> FetchAsync(HttpClient client, string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new UnusableImageException("it must be an absolute http or https URL.");
        var limit = options.Value.MaxImageBytes;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.ImageFetchTimeout);
        try
        {
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode) throw new UnusableImageException($"the server answered {(int)response.StatusCode}.");
            if (response.Content.Headers.ContentLength > limit) throw new UnusableImageException($"the image is larger than {limit:N0} bytes.");
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[81_920];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
            {
                if (buffer.Length + read > limit) throw new UnusableImageException($"the image is larger than {limit:N0} bytes.");
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
        catch (HttpRequestException e)
        {
            throw new UnusableImageException(e.InnerException is UnusableImageException inner ? inner.Message : $"it could not be fetched ({e.HttpRequestError}).");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new UnusableImageException($"fetching it took longer than {options.Value.ImageFetchTimeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>A handler whose connections refuse loopback, private, link-local and unspecified addresses.</summary>
    public static SocketsHttpHandler PublicOnlyHandler() => new()
    {
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 3,
        ConnectCallback = async (context, ct) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
            var allowed = addresses.Where(IsPublic).ToArray();
            if (allowed.Length == 0) throw new UnusableImageException("it points at a private or local network address.");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>True for addresses on the public internet.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast)) return false;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
        var b = address.GetAddressBytes();
        return !(b[0] == 10 || b[0] == 0 || b[0] >= 224 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
                 || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127));
    }
}
