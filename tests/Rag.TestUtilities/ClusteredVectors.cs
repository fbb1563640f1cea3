// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Numerics.Tensors;

namespace Rag.TestUtilities;

/// <summary>Synthetic embeddings: Gaussian centroids and unit vectors scattered around them.</summary>
public static class ClusteredVectors
{
    /// <summary>A vector of <paramref name="dimensions"/> independent normal values times <paramref name="scale"/>.</summary>
    public static float[] Gaussian(Random random, int dimensions, float scale)
    {
        ArgumentNullException.ThrowIfNull(random);
        float[] v = new float[dimensions];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = scale * (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        return v;
    }

    /// <summary>The unit vector in the direction of <paramref name="centroid"/> plus Gaussian noise of scale <paramref name="noise"/>.</summary>
    public static float[] Noisy(Random random, float[] centroid, float noise)
    {
        ArgumentNullException.ThrowIfNull(centroid);
        float[] v = Gaussian(random, centroid.Length, noise);
        TensorPrimitives.Add(v, centroid, v);
        TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
        return v;
    }
}
