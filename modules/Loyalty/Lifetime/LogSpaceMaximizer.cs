using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace RetailCommerce.Modules.Loyalty.Lifetime;

/// <summary>
/// Log-likelihood of a model at natural (positive) parameters. Writes d(LL)/d(parameter) into
/// <paramref name="gradient"/> and returns the total log-likelihood.
/// </summary>
internal delegate double LogLikelihoodWithGradient(ReadOnlySpan<double> parameters, Span<double> gradient);

/// <summary>Result of <see cref="LogSpaceMaximizer.Maximize"/>.</summary>
internal sealed record MaximizationOutcome(double[] Parameters, double LogLikelihood, int Iterations, bool Converged);

/// <summary>
/// Maximizes a log-likelihood over strictly positive parameters by minimizing the mean negative log-likelihood
/// over theta = ln(parameters) with MathNet's BFGS, falling back to Nelder-Mead when BFGS gives up.
/// </summary>
/// <remarks>
/// Working on ln(parameters) keeps every trial point positive without bounds, and dividing by the customer count
/// keeps the objective O(1) whatever the data size, so one set of tolerances fits small shops and large ones.
/// </remarks>
internal static class LogSpaceMaximizer
{
    // A log-parameter beyond ±50 means a parameter of e^50 or e^-50: a diverging fit, not an answer.
    private const double LogParameterLimit = 50;

    public static MaximizationOutcome Maximize(
        LogLikelihoodWithGradient logLikelihood,
        double[] initialParameters,
        double customerCount,
        int maxIterations,
        double gradientTolerance)
    {
        int n = initialParameters.Length;
        var best = new BestPoint(n);

        (double, Vector<double>) MeanNegativeLogLikelihood(Vector<double> theta)
        {
            var parameters = new double[n];
            var gradient = new double[n];
            for (int i = 0; i < n; i++)
            {
                // Out of range (or NaN): report an infinitely bad point, so a line search backs off and a simplex
                // discards the vertex, instead of evaluating Gamma functions at overflowing arguments.
                if (!(Math.Abs(theta[i]) <= LogParameterLimit))
                    return (double.PositiveInfinity, Vector<double>.Build.Dense(n));
                parameters[i] = Math.Exp(theta[i]);
            }

            double ll = logLikelihood(parameters, gradient);
            var thetaGradient = Vector<double>.Build.Dense(n);
            for (int i = 0; i < n; i++)
                thetaGradient[i] = -gradient[i] * parameters[i] / customerCount; // chain rule: dp/dθ = p
            double value = -ll / customerCount;
            best.Offer(theta, value, thetaGradient);
            return (value, thetaGradient);
        }

        var objective = ObjectiveFunction.Gradient(MeanNegativeLogLikelihood);
        var start = Vector<double>.Build.Dense(initialParameters.Select(p => Math.Log(p)).ToArray());
        int iterations = 0;

        // BFGS's own relative-gradient test is tighter than ours so that it never stops short of our check.
        iterations += RunBfgs(objective, start, gradientTolerance * 1e-2, maxIterations, best);

        if (!best.GradientBelow(gradientTolerance))
        {
            // BFGS with MathNet's weak Wolfe line search occasionally aborts on a curved valley; the simplex is slow
            // but needs no gradient, and a BFGS restart from where it stops polishes the last digits.
            var simplex = new NelderMeadSimplex(1e-11, maxIterations * 5);
            try
            {
                iterations += simplex.FindMinimum(objective, best.Theta.Clone()).Iterations;
            }
            catch (OptimizationException)
            {
                // Keep the best point the simplex visited; convergence is judged below on the gradient.
            }

            iterations += RunBfgs(objective, best.Theta.Clone(), gradientTolerance * 1e-2, maxIterations, best);
        }

        var fitted = best.Theta.Select(t => Math.Exp(t)).ToArray();
        return new MaximizationOutcome(fitted, -best.Value * customerCount, iterations, best.GradientBelow(gradientTolerance));
    }

    private static int RunBfgs(IObjectiveFunction objective, Vector<double> start, double tolerance, int maxIterations, BestPoint best)
    {
        int evaluationsBefore = best.Evaluations;
        try
        {
            var result = new BfgsMinimizer(tolerance, 1e-12, 1e-15, maxIterations).FindMinimum(objective, start);
            return result.Iterations;
        }
        catch (OptimizationException)
        {
            // The iteration count is lost with the exception; report the evaluations spent instead.
            return best.Evaluations - evaluationsBefore;
        }
    }

    /// <summary>Remembers the lowest objective value seen, so an aborted optimizer still leaves its progress behind.</summary>
    private sealed class BestPoint(int dimension)
    {
        public Vector<double> Theta { get; private set; } = Vector<double>.Build.Dense(dimension);
        public Vector<double> Gradient { get; private set; } = Vector<double>.Build.Dense(dimension, double.NaN);
        public double Value { get; private set; } = double.PositiveInfinity;
        public int Evaluations { get; private set; }

        public void Offer(Vector<double> theta, double value, Vector<double> gradient)
        {
            Evaluations++;
            if (double.IsFinite(value) && value < Value)
            {
                Value = value;
                Theta = theta.Clone();
                Gradient = gradient.Clone();
            }
        }

        public bool GradientBelow(double tolerance) => Gradient.All(g => Math.Abs(g) < tolerance);
    }
}
