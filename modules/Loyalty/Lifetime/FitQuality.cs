namespace RetailCommerce.Modules.Loyalty.Lifetime;

/// <summary>How a maximum-likelihood fit went.</summary>
/// <param name="LogLikelihood">Total log-likelihood of the data at the fitted parameters (natural log, summed over customers).</param>
/// <param name="Iterations">Optimizer iterations used (BFGS iterations plus any Nelder-Mead fallback iterations).</param>
/// <param name="Converged">
/// True when the gradient of the mean log-likelihood with respect to the log-parameters is below the fitter's tolerance
/// at the returned point; judged on the result, not on what the optimizer reported.
/// </param>
/// <param name="CustomerCount">Customers that entered the likelihood.</param>
public sealed record FitQuality(double LogLikelihood, int Iterations, bool Converged, int CustomerCount);

/// <summary>A fitted model together with the quality of its fit.</summary>
/// <typeparam name="TModel">The model type, e.g. <see cref="BgNbdModel"/>.</typeparam>
/// <param name="Model">The model at the maximum-likelihood parameters.</param>
/// <param name="Quality">Diagnostics of the fit.</param>
public sealed record ModelFit<TModel>(TModel Model, FitQuality Quality);
